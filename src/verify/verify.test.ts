import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as draft04 from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { generateDesign } from '../../bench/generate-design.js';
import { loadSoundDesign } from '../app/design.js';
import { runVerify } from '../app/verify.js';
import { simulateProcess } from '../sim/simulate.js';
import { machineOf } from './machine.js';
import { formatVerifyJson } from '../formatters/verify.js';
import { ROOT, run } from '../testing/cli.js';
import type { Verdict } from './explore.js';

// ajv-draft-04 is CommonJS: its class is the namespace's default export.
const AjvDraft04 = (
  draft04 as unknown as { default: new (options: object) => { compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown[] | null } } }
).default;
const VERIFY = path.join('fixtures', 'verify');
const only = (file: string, request: Parameters<typeof runVerify>[1] = {}): Verdict => {
  const verdicts = runVerify(path.join(ROOT, file), request).report.verdicts;
  expect(verdicts).toHaveLength(1);
  return verdicts[0] as Verdict;
};
/** A run as "actor: fault" pairs, which is what makes it that run. */
const shape = (v: Verdict) => v.counterexample?.steps.map((s) => `${s.actor}${s.fault ? `: ${s.fault}` : ''}`);

describe('verify finds the shortest run that breaks each property, and nothing once it is fixed', () => {
  it.for([
    // A redelivery of a command whose handler does not de-duplicate.
    ['duplicate-effect', ['Orders', 'Stock: duplicate', 'Stock'], 'Stock applies ReserveStock twice: ReserveStock arrives twice'],
    // A reply published straight to the broker, lost in a crash after the effect.
    ['lost-message', ['Orders', 'Stock: crash-before-publish'], 'StockReserved was lost'],
    // Retries run out with no dead-letter queue: the command is gone and the saga waits.
    ['stuck-instance', ['Orders', 'Stock: retries-exhausted'], 'ReserveStock was dropped'],
    // The card is declined after the stock was reserved, and nothing undoes the reservation.
    ['left-uncompensated', ['Orders', 'Stock', 'Orders', 'Cards', 'Orders'], 'ends failed with ReserveStock in effect'],
    // The deadline compensates a reservation still in flight, and the compensation overtakes it.
    ['compensation-before-effect', ['Orders', 'Orders: late-reply', 'Stock: reorder'], 'ReleaseStock reaches Stock before the ReserveStock it undoes'],
    // A late reply after the timeout reaches a state with no transition for it.
    ['unhandled-message', ['Orders', 'Stock', 'Orders: late-reply', 'Orders'], "StockReserved reaches 'Reserve' in state 'Releasing'"],
  ] as const)('%s', ([property, steps, words]) => {
    const flawed = only(path.join(VERIFY, `flawed-${property}.yaml`));
    expect(flawed.status).toBe('fails');
    expect(flawed.counterexample?.property).toBe(property);
    expect(shape(flawed)).toEqual(steps);
    expect(flawed.counterexample?.message).toContain(words);
    const fixed = only(path.join(VERIFY, `fixed-${property}.yaml`));
    expect(fixed, JSON.stringify(fixed.counterexample)).toMatchObject({ status: 'holds' });
    expect(fixed.states).toBeGreaterThan(10);
  });

  it('choreography: a reaction whose service publishes straight to the broker loses the event that carries the run on', () => {
    const flawed = only(path.join(VERIFY, 'flawed-choreography-lost-message.yaml'));
    expect(flawed.counterexample?.property).toBe('lost-message');
    expect(flawed.counterexample?.message).toBe("'Fulfil' stops half-way: StockReserved was lost, and no reaction carries the run on");
    expect(shape(flawed)).toEqual(['Fulfil', 'Stock: crash-before-publish']);
    expect(only(path.join(VERIFY, 'fixed-choreography-lost-message.yaml')).status).toBe('holds');
  });

  it('a second start message with the same correlation key runs the starting transaction again where nothing de-duplicates it', () => {
    const flawed = only(path.join(VERIFY, 'flawed-second-start.yaml'));
    expect(flawed.counterexample).toMatchObject({ property: 'duplicate-effect', message: expect.stringContaining('PlaceOrder arrives twice') });
    expect(shape(flawed)).toEqual(['Orders', 'a client: second-start']);
    expect(only(path.join(VERIFY, 'fixed-second-start.yaml')).status).toBe('holds');
    expect(only(path.join(VERIFY, 'flawed-second-start.yaml'), { faults: ['duplicate'] }).status).toBe('holds');
  });

  it('a ghost: the coordinator publishes, then crashes before it saves its state, and sends the command again', () => {
    const flawed = only(path.join(VERIFY, 'flawed-ghost-message.yaml'), { faults: ['crash-before-publish'] });
    expect(flawed.counterexample?.property).toBe('duplicate-effect');
    expect(flawed.counterexample?.steps[2]?.text).toContain(
      'crashes after it publishes ChargeCard, before it saves its state (StockReserved is delivered again)',
    );
    expect(shape(flawed)).toEqual(['Orders', 'Stock', 'Orders: crash-before-publish', 'Orders', 'Cards', 'Cards']);
    expect(only(path.join(VERIFY, 'fixed-ghost-message.yaml')).status).toBe('holds');
  });

  it('uses every fixture of fixtures/verify', () => {
    const files = readdirSync(path.join(ROOT, VERIFY)).sort();
    expect(files).toHaveLength(18);
    for (const f of files) expect(f).toMatch(/^(flawed|fixed)-[a-z-]+\.yaml$/);
  });

  it('injects only the faults it is given: without duplicates, the redelivery run is gone', () => {
    expect(only(path.join(VERIFY, 'flawed-duplicate-effect.yaml'), { faults: ['late-reply,loss'] }).status).toBe('holds');
    expect(only(path.join(VERIFY, 'flawed-lost-message.yaml'), { faults: ['duplicate'] }).status).toBe('holds');
    expect(only(path.join(VERIFY, 'flawed-duplicate-effect.yaml'), { maxFaults: 0 }).status).toBe('holds');
  });

  it('says when a bound stops it, and does not call that a proof', () => {
    const v = only(path.join('fixtures', 'designs', 'order-saga.yaml'), { maxStates: 20 });
    expect(v).toMatchObject({ status: 'bounded', stoppedBy: 'max-states', states: 20 });
    const deep = only(path.join('fixtures', 'designs', 'order-saga.yaml'), { depth: 3 });
    expect(deep).toMatchObject({ status: 'bounded', stoppedBy: 'depth' });
  });

  it('gives the same report twice', () => {
    const file = path.join(ROOT, 'fixtures', 'designs', 'payroll-batch-process-manager.yaml');
    expect(formatVerifyJson(runVerify(file, {}).report)).toBe(formatVerifyJson(runVerify(file, {}).report));
  });
});

describe('verify on the designs of fixtures/designs', () => {
  // Every sound design holds. Three once showed real races (see the README), which they now handle:
  // a compensation keyed apart from the command it undoes, and late replies after a state's timeout.
  const sound = readdirSync(path.join(ROOT, 'fixtures', 'designs')).filter((f) => f.endsWith('.yaml') && !f.startsWith('flawed-'));
  it('covers every sound design', () => expect(sound.length).toBeGreaterThanOrEqual(10));
  it.for(sound.map((f) => [f, 'holds'] as const))('%s: %s', ([file, want]) => {
    const v = only(path.join('fixtures', 'designs', file));
    expect(v.counterexample?.property ?? v.status).toBe(want);
    // Within the default budget: every fixture is explored to the end (the Kafka Streams join, the largest, needs about 5,400).
    expect(v.states).toBeLessThan(10_000);
  });

  /** A sound design with one edit, verified: the readings that keep it clean must matter. */
  const edited = (file: string, from: string, to: string): Verdict => {
    const text = readFileSync(path.join(ROOT, 'fixtures', 'designs', file), 'utf8');
    expect(text).toContain(from);
    const copy = path.join(mkdtempSync(path.join(tmpdir(), 'eda-verify-')), file);
    writeFileSync(copy, text.replace(from, to));
    const verdicts = runVerify(copy, {}).report.verdicts;
    return verdicts[0] as Verdict;
  };

  it('skips the answer to a redelivery only where the receiver de-duplicates it', () => {
    // TransferDesk takes AccountDebited once; without its inbox the answer to a redelivered DebitAccount reaches 'Crediting'.
    const v = edited(
      'money-transfer-process-manager.yaml',
      'TransferDesk:\n    context: Transfers\n    persistence: event-sourced\n    publishing: event-store\n    consumers: { idempotent: true }',
      'TransferDesk:\n    context: Transfers\n    persistence: event-sourced\n    publishing: event-store',
    );
    expect(v.counterexample).toMatchObject({ property: 'unhandled-message' });
    expect(v.counterexample?.steps.map((s) => s.text).join('\n')).toContain("AccountDebited in 'Crediting'");
  });

  it('takes two events of one service a state branches on as alternatives, and two a branch still awaits as a join', () => {
    // Settled and rejected are one batch's outcomes: in the sound design only one comes, and it holds.
    // Once a branch goes on to await the rejection after settling, the two are a join: both come, and
    // the rejection can reach 'Posting', which does not take it.
    const v = edited(
      'payroll-batch-process-manager.yaml',
      'PaymentExceptionsResolved: { goto: Posting }\n',
      'PaymentExceptionsResolved: { goto: Posting }\n          DisbursementFileRejected: { goto: Failed, publish: [PayrollRunFailed] }\n',
    );
    expect(v.counterexample).toMatchObject({ property: 'unhandled-message' });
    expect(v.counterexample?.steps.map((s) => s.text)).toEqual(
      expect.arrayContaining(['publishes DisbursementBatchSettled', 'publishes DisbursementFileRejected']),
    );
    expect(only(path.join('fixtures', 'designs', 'flawed-nservicebus-shipping-policy.yaml')).counterexample?.property).toBe('stuck-instance');
  });

  it('finds the flaws of the flawed designs', () => {
    expect(only(path.join('fixtures', 'designs', 'flawed-order-saga.yaml')).counterexample?.property).toBe('left-uncompensated');
    expect(only(path.join('fixtures', 'designs', 'flawed-nservicebus-shipping-policy.yaml')).counterexample?.property).toBe('stuck-instance');
    // A choreography: the retry of ReserveStock on StockRanOut is still in flight when PaymentDeclined releases the stock.
    const join = only(path.join('fixtures', 'designs', 'flawed-kafka-streams-order-join.yaml'));
    expect(join.counterexample?.property).toBe('compensation-before-effect');
    expect(shape(join)).toEqual(['FulfilOrder', 'Payments', 'Inventory', 'Inventory']);
  });
});

describe('simulate and verify read one model', () => {
  // At every failure point simulate traces, the move verify's machine takes sends the compensations simulate lists, in its order.
  const designs = readdirSync(path.join(ROOT, 'fixtures', 'designs')).filter((f) => f.endsWith('.yaml'));
  it.for(designs)('%s', (file) => {
    const { design } = loadSoundDesign(path.join(ROOT, 'fixtures', 'designs', file), { review: 'blocking', stop: 'cannot be simulated until' });
    let compared = 0;
    for (const p of design.processes.values()) {
      const machine = p.pattern === 'choreography' ? undefined : machineOf(design, p);
      if (!machine) continue;
      for (const t of simulateProcess(design, p).traces) {
        const simulated = t.compensations.map((c) => c.run).filter((r) => design.commands.has(r));
        let moves: readonly { send: readonly string[] }[];
        if (p.pattern === 'saga') {
          const i = p.steps.findIndex((s) => s.name === t.point.id);
          const failure = p.steps[i]?.onFailure[0]?.name;
          if (failure === undefined) continue; // a step that fails only when its retries run out: no message to take
          const r = machine.receive(`step:${i}`, failure);
          moves = r.kind === 'moves' ? r.moves : [];
        } else {
          const [state = '', trigger = ''] = t.point.id.split('.');
          const r = trigger === 'timeout' ? { kind: 'moves' as const, moves: machine.timeouts(state) } : machine.receive(state, trigger);
          moves = r.kind === 'moves' ? r.moves : [];
        }
        const sent = moves.map((m) => m.send.filter((c) => machine.undoes(c) !== undefined));
        expect(sent, `${p.name} at ${t.point.id}`).toContainEqual(simulated);
        compared++;
      }
    }
    if (design.processes.size > 0 && [...design.processes.values()].some((p) => p.pattern !== 'choreography')) expect(compared).toBeGreaterThan(0);
  });
});

describe('eda-advisor verify', () => {
  it('prints the run step by step with the faults marked, and exits 1', () => {
    const r = run(['verify', path.join(VERIFY, 'flawed-compensation-before-effect.yaml')]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('✗ Place (saga): verify/compensation-before-effect:');
    expect(r.stdout).toContain(`fix at ${VERIFY}/flawed-compensation-before-effect.yaml:20:3`);
    expect(r.stdout).toMatch(/ 2\. Orders: the deadline of 'Place' \(15m\) passes in step 'reserve'; compensates \(ReleaseStock\).* ⚡ late-reply/);
    expect(r.stdout).toMatch(/ 3\. Stock: handles ReleaseStock \(overtaking an earlier message\): finds no ReserveStock to undo ⚡ reorder/);
  });

  it('exits 0 and says how far it looked when no run fails', () => {
    const r = run(['verify', path.join(VERIFY, 'fixed-compensation-before-effect.yaml')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /✓ Place \(saga\): no failing run up to 2 faults per run, 60 steps and 50,000 states per process \(\d+ states explored, exhaustive\)/,
    );
    const bounded = run(['verify', 'fixtures/designs/order-saga.yaml', '--max-states', '20']);
    expect(bounded.status).toBe(0);
    expect(bounded.stdout).toContain('this is not a proof: raise --max-states to look further');
  });

  it('shows its progress on a terminal when a search runs over a second, and never in a log', () => {
    // 500 services: 125 processes. The line is redrawn at every report (EDA_ADVISOR_PROGRESS_MS=0), not
    // once a second, so that a fast machine finishing in under a second still shows it. `script` gives
    // the CLI a terminal.
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'eda-verify-')), 'large.yaml');
    writeFileSync(file, generateDesign(500));
    const tty = spawnSync('script', ['-qfec', `'${process.execPath}' '${path.join(ROOT, 'bin', 'eda-advisor.js')}' verify '${file}'`, '/dev/null'], {
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', TERM: 'xterm', EDA_ADVISOR_PROGRESS_MS: '0' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(tty.status).toBe(0);
    expect(tty.stdout).toMatch(/\r\u001b\[Keda-advisor: verifying '\w+' \(process \d+ of 125\): \d+ states…/);
    // The line is cleared before the report, which starts at the left margin.
    expect(tty.stdout).toMatch(/states…\r\u001b\[K\S*large\.yaml/);
    const piped = run(['verify', file], { EDA_ADVISOR_PROGRESS_MS: '0' });
    expect(piped.status).toBe(0);
    expect(piped.stderr).toBe('');
  }, 90_000);

  it('refuses an unknown fault or bound with exit 2', () => {
    const r = run(['verify', path.join(VERIFY, 'fixed-lost-message.yaml'), '--faults', 'duplicate,crash']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("'crash' is not a fault");
    expect(r.stderr).toContain('duplicate, loss, crash-before-publish, late-reply, retries-exhausted, reorder, second-start');
    const zero = run(['verify', path.join(VERIFY, 'fixed-lost-message.yaml'), '--max-states', '0']);
    expect(zero.status).toBe(2);
    expect(zero.stderr).toContain('expected a whole number above zero');
  });

  it('explains each property as explain explains a rule', () => {
    const r = run(['explain', 'verify/compensation-before-effect']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('no compensation before the effect it undoes');
    expect(r.stdout).toContain('Key the compensating command as the command it undoes');
    const typo = run(['explain', 'verify/lost-mesage']);
    expect(typo.status).toBe(2);
    expect(typo.stderr).toBe("eda-advisor: 'verify/lost-mesage' is not a property of verify — did you mean 'verify/lost-message'?\n");
  });

  it('writes JSON, Markdown with a sequence diagram, and SARIF whose code flow walks the run', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eda-verify-'));
    const file = path.join(VERIFY, 'flawed-unhandled-message.yaml');
    const json = JSON.parse(run(['verify', file, '--format', 'json']).stdout) as {
      version: number;
      processes: { status: string; counterexample: { property: string; line: number; steps: { n: number; actor: string; fault?: string }[] } }[];
    };
    expect(json.version).toBe(1);
    expect(json.processes[0]?.counterexample).toMatchObject({ property: 'verify/unhandled-message', line: 29 });
    expect(json.processes[0]?.counterexample.steps.map((s) => s.fault ?? '')).toEqual(['', '', 'late-reply', '']);

    const md = run(['verify', file, '--format', 'markdown']).stdout;
    expect(md).toContain('```mermaid\nsequenceDiagram');
    expect(md).toContain('p_Orders->>p_Stock: ReserveStock');

    const out = path.join(dir, 'verify.sarif');
    const r = run(['verify', file, '--format', 'sarif', '-o', out]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const log = JSON.parse(readFileSync(out, 'utf8')) as {
      runs: {
        results: { ruleId: string; codeFlows: { threadFlows: { locations: { location: { physicalLocation: { region?: { startLine: number } } } }[] }[] }[] }[];
      }[];
    };
    const require = createRequire(import.meta.url);
    const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as object;
    const validate = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false, validateFormats: false, logger: false }).compile(schema);
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const result = log.runs[0]?.results[0];
    expect(result?.ruleId).toBe('verify/unhandled-message');
    const steps = result?.codeFlows[0]?.threadFlows[0]?.locations ?? [];
    expect(steps).toHaveLength(4);
    for (const s of steps) expect(s.location.physicalLocation.region?.startLine).toBeGreaterThan(0);
  });

  it('review --verify adds each shortest failing run as a finding (off by default), in every format', () => {
    const file = path.join(VERIFY, 'flawed-compensation-before-effect.yaml');
    const plain = JSON.parse(run(['review', file, '--format', 'json']).stdout) as { findings: { ruleId: string }[] };
    expect(plain.findings.some((f) => f.ruleId.startsWith('verify/'))).toBe(false);
    const r = run(['review', file, '--verify', '--format', 'json']);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as { findings: { ruleId: string; messageId: string; line: number; message: string; data: Record<string, unknown> }[] };
    const found = report.findings.filter((f) => f.ruleId.startsWith('verify/'));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      ruleId: 'verify/compensation-before-effect',
      messageId: 'compensation-before-effect',
      line: 20,
      data: { process: 'Place', steps: 3 },
    });
    expect(found[0]?.message).toContain('(a run of 3 steps with late-reply and reorder: eda-advisor verify --process Place shows it).');
    const sarif = JSON.parse(run(['review', file, '--verify', '--format', 'sarif']).stdout) as {
      runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; ruleIndex: number }[] }[];
    };
    const rules = sarif.runs[0]?.tool.driver.rules ?? [];
    const result = sarif.runs[0]?.results.find((x) => x.ruleId === 'verify/compensation-before-effect');
    expect(rules[result?.ruleIndex ?? -1]?.id).toBe('verify/compensation-before-effect');
    const junit = run(['review', file, '--verify', '--format', 'junit']).stdout;
    expect(junit).toContain('classname="verify/compensation-before-effect"');
  });
});
