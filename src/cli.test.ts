import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, run } from './testing/cli.js';
import { generateDesign } from '../bench/generate-design.js';

interface JsonReport {
  version: number;
  findings: {
    ruleId: string;
    severity: string;
    message: string;
    hint?: string;
    file: string;
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
    path: (string | number)[];
  }[];
  summary: { errors: number; warnings: number; infos: number; files: number; suppressed: number };
}

function json(args: readonly string[]): { status: number | null; report: JsonReport } {
  const r = run([...args, '--format', 'json']);
  return { status: r.status, report: JSON.parse(r.stdout) as JsonReport };
}

const tmp = () => mkdtempSync(path.join(tmpdir(), 'eda-advisor-'));

const FLAWED_STYLISH = `fixtures/designs/flawed-order-saga.yaml
  16:17  error    'Orders' saves its state and then sends events ('OrderSubmitted') and commands as the coordinator of 'PlaceOrder' straight to the broker (publishing: direct): a crash between the two writes loses or invents messages.  missing-outbox
                  ↳ Use publishing: outbox (messages written to an outbox table in the same local transaction) or event-store.
   18:9  warning  'Orders' calls 'Payments' synchronously (http) while both take part in processes (Orders coordinates PlaceOrder; Payments handles ChargeCard in PlaceOrder): Orders → Payments → FraudCheck. No timeout is declared for Orders → Payments.  sync-dependency
                  ↳ Replace the call with a command and a reply event, or keep a local copy of the data it fetches from Payments, fed by its events; if the call must stay, give it a timeout and a fallback.
   24:3  warning  'Payments' saves its state and sends events ('CardCharged' and 'CardDeclined'), but does not say how they leave its local transaction.  missing-outbox
                  ↳ Declare publishing: outbox (or direct, to accept the dual write knowingly).
   57:9  error    Step 'reserve-stock' completes before step 'screen', which can fail for good, but nothing undoes 'ReserveStock'.  missing-compensation
                  ↳ Declare compensations.ReserveStock (or the step's compensation:); if it cannot be undone, make this step the pivot (kind: pivot) or a retriable step after it; if its effect needs no undo (a notification, an audit entry), declare compensations.ReserveStock: none and say why in a comment.
   57:9  warning  Step 'reserve-stock' declares no failure event: when ReserveStock fails for good, the saga is never told and cannot compensate.  missing-failure-path
                  ↳ Declare onFailure: [<the event Stock publishes when ReserveStock fails>], or kind: retriable if it is retried until it succeeds.
  59:20  error    Internal event 'StockReserved' of context 'Inventory' is consumed by 'Orders' in context 'Ordering' (awaited by a step of process 'PlaceOrder').  leaking-internal-event
                  ↳ Publish an external event for other contexts (visibility: external, with a version), translated from 'StockReserved' at the boundary; or mark 'StockReserved' external if it belongs to the published language.
  64:20  error    Internal event 'CardCharged' of context 'Payments' is consumed by 'Orders' in context 'Ordering' (awaited by a step of process 'PlaceOrder').  leaking-internal-event
                  ↳ Publish an external event for other contexts (visibility: external, with a version), translated from 'CardCharged' at the boundary; or mark 'CardCharged' external if it belongs to the published language.
  68:17  error    Step 'confirm' of 'PlaceOrder' expects 'ConfirmOrder' and 'RecordSale' to commit together (atomic: true), but they are handled by 'Orders' and 'Stock': that is a distributed transaction.  distributed-transaction
                  ↳ Split the step into one step per service, each a local transaction with its own compensation.
  72:24  error    The broker is in-memory while the design has 1 process: every message in flight is lost when the broker restarts, and the processes waiting on them stall.  unreliable-messaging
                  ↳ Use a durable broker (eventstoredb, kafka, rabbitmq, …) for designs with processes.

✖ 9 problems (6 errors, 3 warnings, 0 infos) in 1 file, 1 suppressed.
`;

describe('eda-advisor review: sound designs', () => {
  const sound = readdirSync(path.join(ROOT, 'fixtures', 'designs')).filter((f) => !f.startsWith('flawed-'));

  it('has the ten sound designs the README promises', () => {
    expect(sound.sort()).toEqual([
      'eventuate-create-order-notify.yaml',
      'hotel-group-checkout.yaml',
      'kafka-streams-order-join.yaml',
      'money-transfer-process-manager.yaml',
      'nservicebus-shipping-policy.yaml',
      'order-choreography.yaml',
      'order-saga.yaml',
      'payroll-batch-process-manager.yaml',
      'step-functions-trip-booking.yaml',
      'temporal-money-transfer.yaml',
    ]);
  });

  it.for(sound)('finds nothing in %s and exits 0', (file) => {
    const r = run(['review', `fixtures/designs/${file}`]);
    expect(r).toEqual({ status: 0, stdout: '✔ No problems in 1 file.\n', stderr: '' });
  });

  it('reports several files together', () => {
    const { status, report } = json(['review', ...sound.map((f) => `fixtures/designs/${f}`)]);
    expect(status).toBe(0);
    expect(report).toEqual({ version: 1, findings: [], summary: { errors: 0, warnings: 0, infos: 0, files: 10, suppressed: 0 } });
  });
});

describe('eda-advisor review: a flawed design', () => {
  it('prints every finding grouped by file, with hints and a summary, and exits 1', () => {
    const r = run(['review', 'fixtures/designs/flawed-order-saga.yaml']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(FLAWED_STYLISH);
    expect(r.status).toBe(1);
  });

  it('gives the same findings as JSON, with 1-based positions, ranges and paths', () => {
    const { status, report } = json(['review', 'fixtures/designs/flawed-order-saga.yaml']);
    expect(status).toBe(1);
    expect(report.version).toBe(1);
    expect(report.summary).toEqual({ errors: 6, warnings: 3, infos: 0, files: 1, suppressed: 1 });
    expect(report.findings.map((f) => [f.ruleId, f.severity, f.line, f.column, f.path.join('.')])).toEqual([
      ['missing-outbox', 'error', 16, 17, 'services.Orders.publishing'],
      ['sync-dependency', 'warning', 18, 9, 'services.Orders.calls.0'],
      ['missing-outbox', 'warning', 24, 3, 'services.Payments'],
      ['missing-compensation', 'error', 57, 9, 'processes.PlaceOrder.steps.0'],
      ['missing-failure-path', 'warning', 57, 9, 'processes.PlaceOrder.steps.0'],
      ['leaking-internal-event', 'error', 59, 20, 'processes.PlaceOrder.steps.0.onSuccess'],
      ['leaking-internal-event', 'error', 64, 20, 'processes.PlaceOrder.steps.2.onSuccess'],
      ['distributed-transaction', 'error', 68, 17, 'processes.PlaceOrder.steps.3.atomic'],
      ['unreliable-messaging', 'error', 72, 24, 'infrastructure.messaging.broker'],
    ]);
    for (const f of report.findings) {
      expect(Object.keys(f)).toEqual(['ruleId', 'messageId', 'severity', 'message', 'data', 'hint', 'file', 'line', 'column', 'endLine', 'endColumn', 'path']);
      expect(f.file).toBe('fixtures/designs/flawed-order-saga.yaml');
      expect(f.endLine * 10_000 + f.endColumn).toBeGreaterThan(f.line * 10_000 + f.column);
    }
    // Which message, and what filled it: a tool tells findings apart without reading the sentence.
    expect(report.findings[0]).toMatchObject({ messageId: 'direct', data: { service: 'Orders' } });
    // The end of a value's range is the end of the value as written.
    const broker = report.findings.at(-1);
    expect([broker?.endLine, broker?.endColumn]).toEqual([72, 24 + 'in-memory'.length]);
  });
});

describe('eda-advisor review: a design split across files', () => {
  it('merges the imported files into one design and points into the file each finding is in', () => {
    const { status, report } = json(['review', 'fixtures/designs-split/checkout.yaml']);
    expect(status).toBe(1);
    expect(report.summary.files).toBe(1);
    expect(report.findings.map((f) => [f.ruleId, f.file, f.line, f.column, f.path.join('.')])).toEqual([
      ['missing-outbox', 'fixtures/designs-split/parts/services.yaml', 3, 17, 'services.Orders.publishing'],
    ]);
  });
});

describe('eda-advisor review: options', () => {
  const direct = 'fixtures/cli/direct-publishing.yaml';

  it('turns a rule off, or changes its severity, with --rule', () => {
    expect(run(['review', direct, '--rule', 'missing-outbox=off'])).toMatchObject({ status: 0, stdout: '✔ No problems in 1 file.\n' });
    const { status, report } = json(['review', direct, '--rule', 'missing-outbox=warning']);
    expect(status).toBe(0);
    expect(report.findings.map((f) => [f.ruleId, f.severity])).toEqual([['missing-outbox', 'warning']]);
  });

  it('fails on warnings over --max-warnings', () => {
    expect(run(['review', direct, '--rule', 'missing-outbox=warning', '--max-warnings', '0']).status).toBe(1);
    expect(run(['review', direct, '--rule', 'missing-outbox=warning', '--max-warnings', '1']).status).toBe(0);
  });

  it('takes the last --rule for the same id', () => {
    expect(run(['review', direct, '--rule', 'missing-outbox=off', '--rule', 'missing-outbox=error']).status).toBe(1);
  });

  it.for([
    [['--rule', 'missing-outbx=off'], "'missing-outbx' is not a rule id — did you mean 'missing-outbox'?"],
    [['--rule', 'missing-outbox=warn'], "'warn' is not a level; use one of off, error, warning, info — did you mean 'warning'?"],
    [['--rule', 'missing-outbox'], 'expected <rule-id>=<off|error|warning|info>'],
    [['--rule', 'yaml-syntax=off'], "'yaml-syntax' cannot be reconfigured"],
    [['--max-warnings', 'many'], 'expected a whole number'],
    [['--format', 'xml'], "'xml' is not a format; use one of stylish, json, sarif, junit, github, markdown."],
    [['--frmat', 'json'], "unknown option '--frmat'"],
  ] as [string[], string][])('refuses %j with exit 2 and says why', ([args, words]) => {
    const r = run(['review', direct, ...args]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(words);
    expect(r.stdout).toBe('');
  });

  it('asks for a file when given none', () => {
    const r = run(['review']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("missing required argument 'files'");
  });

  it('teaches with --help and tells its version', () => {
    const help = run(['review', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Exit codes:');
    expect(help.stdout).toContain('# eda-advisor-ignore sync-dependency -- ');
    const version = run(['--version']);
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe((JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
    expect(run(['reveiw', direct]).stderr).toContain('(Did you mean review?)');
  });

  it('prints the time each rule took with EDA_ADVISOR_TIMING', () => {
    const r = run(['review', 'fixtures/designs/hotel-group-checkout.yaml'], { EDA_ADVISOR_TIMING: '1' });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^Timing of phases and rules \(EDA_ADVISOR_TIMING\):\n(\s+\d+\.\d ms {2}[a-z()-]+\n){10}$/);
    expect(r.stderr).toContain('(parse)');
    expect(run(['review', 'fixtures/designs/hotel-group-checkout.yaml']).stderr).toBe('');
    // As ESLint's TIMING: all of them, or as many as asked for.
    const rows = (env: string) =>
      run(['review', 'fixtures/designs/hotel-group-checkout.yaml'], { EDA_ADVISOR_TIMING: env }).stderr.trimEnd().split('\n').length - 1;
    expect(rows('3')).toBe(3);
    expect(rows('all')).toBeGreaterThan(30);
    expect(rows('all')).toBe(rows('1000'));
  });

  it('colours only when asked or on a terminal', () => {
    const file = 'fixtures/designs/flawed-order-saga.yaml';
    expect(run(['review', file], { FORCE_COLOR: '1', NO_COLOR: '' }).stdout).toContain('\u001b[31m');
    expect(run(['review', file], { FORCE_COLOR: '1', NO_COLOR: '' }).stdout).toContain('\u001b[31m');
    expect(run(['review', file, '--no-color'], { FORCE_COLOR: '1', NO_COLOR: '' }).stdout).not.toContain('\u001b[');
    expect(run(['review', file], { FORCE_COLOR: '1', NO_COLOR: '1' }).stdout).not.toContain('\u001b[');
    expect(run(['review', file], { NO_COLOR: '' }).stdout).not.toContain('\u001b[');
  });
});

describe('eda-advisor review --output', () => {
  it('writes the report to the file and nothing to stdout', () => {
    const out = path.join(tmp(), 'report.json');
    const r = run(['review', 'fixtures/designs/flawed-order-saga.yaml', '--format', 'json', '--output', out]);
    expect(r).toEqual({ status: 1, stdout: '', stderr: '' });
    expect(readFileSync(out, 'utf8')).toBe(run(['review', 'fixtures/designs/flawed-order-saga.yaml', '--format', 'json']).stdout);
  });

  it('writes no colour to a file, even when colour is forced', () => {
    const out = path.join(tmp(), 'report.txt');
    run(['review', 'fixtures/designs/flawed-order-saga.yaml', '--output', out], { FORCE_COLOR: '1', NO_COLOR: '' });
    expect(readFileSync(out, 'utf8')).toBe(FLAWED_STYLISH);
  });

  it('writes nothing and exits 2 when the report cannot be written', () => {
    const dir = tmp();
    const missing = path.join(dir, 'no-such-folder', 'report.json');
    const r = run(['review', 'fixtures/designs/order-saga.yaml', '--output', missing]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('report.json: cannot be written (ENOENT); nothing was written.');
    const target = path.join(dir, 'taken');
    mkdirSync(target);
    expect(run(['review', 'fixtures/designs/order-saga.yaml', '--output', target]).status).toBe(2);
    expect(readdirSync(dir).sort()).toEqual(['taken']);
    expect(readdirSync(target)).toEqual([]);
  });
});

describe('eda-advisor review: bad input', () => {
  const write = (name: string, content: string | Buffer) => {
    const file = path.join(tmp(), name);
    writeFileSync(file, content);
    return file;
  };

  it('names a missing file and exits 2', () => {
    const r = run(['review', 'no/such/design.yaml']);
    expect(r).toEqual({ status: 2, stdout: '', stderr: 'eda-advisor: no/such/design.yaml: no such file; check the path.\n' });
  });

  it('reviews the files it can read and still exits 2 for the one it cannot', () => {
    const r = run(['review', 'fixtures/designs/order-saga.yaml', 'missing.yaml']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('✔ No problems in 1 file.\n');
    expect(r.stderr).toBe('eda-advisor: missing.yaml: no such file; check the path.\n');
  });

  it('searches a folder for designs (version: 1), and says when it has none', () => {
    const { status, report } = json(['review', 'fixtures/designs']);
    expect(status).toBe(1);
    expect(report.summary.files).toBe(readdirSync(path.join(ROOT, 'fixtures', 'designs')).filter((f) => f.endsWith('.yaml')).length);
    const r = run(['review', 'src/parse']);
    expect(r).toEqual({
      status: 2,
      stdout: '',
      stderr:
        'eda-advisor: src/parse: no design files found (a design is a YAML or JSON file with version: 1).\neda-advisor: no design files to review in src/parse.\n',
    });
  });

  it('expands globs itself, for shells that do not', () => {
    const { report } = json(['review', 'fixtures/designs/*-saga.yaml']);
    expect(report.findings.map((f) => f.file).filter((f, i, all) => all.indexOf(f) === i)).toEqual(['fixtures/designs/flawed-order-saga.yaml']);
    expect(report.summary.files).toBe(2);
    const valid = readdirSync(path.join(ROOT, 'fixtures', 'rules'), { recursive: true, encoding: 'utf8' }).filter((f) => /(^|\/)valid-[^/]*\.yaml$/.test(f));
    expect(valid.length).toBeGreaterThan(40);
    expect(json(['review', 'fixtures/rules/**/valid-*.yaml']).report.summary.files).toBe(valid.length);
  });

  it('refuses a binary file', () => {
    const file = write('logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
    const r = run(['review', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('logo.png: is not a text file (a NUL byte at offset 8)');
  });

  it('refuses UTF-16 and bytes that are not UTF-8', () => {
    const utf16 = write('utf16.yaml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('version: 1\n', 'utf16le')]));
    expect(run(['review', utf16]).stderr).toContain('utf16.yaml: is encoded as UTF-16; save it as UTF-8 and run again.');
    const latin1 = write('latin1.yaml', Buffer.from('version: 1\nname: caf\xe9\n', 'latin1'));
    const r = run(['review', latin1]);
    expect(r.status).toBe(2);
    // At its line and column, counted in characters: 'é' of 'café', after the 'ü' of 'Zürich' (two bytes).
    expect(r.stderr).toContain('latin1.yaml:2:10: is not valid UTF-8 (byte 0xE9; the file may be Latin-1 or Windows-1252)');
    const mixed = write('mixed.yaml', Buffer.concat([Buffer.from('version: 1\nname: Zürich '), Buffer.from([0xe9]), Buffer.from('\n')]));
    expect(run(['review', mixed]).stderr).toContain('mixed.yaml:2:14: is not valid UTF-8 (byte 0xE9');
    expect(run(['review', write('first.yaml', Buffer.from([0xff, 0x41]))]).stderr).toContain('first.yaml:1:1: is not valid UTF-8 (byte 0xFF');
  });

  it('reports an empty file as a schema finding at 1:1', () => {
    const { status, report } = json(['review', write('empty.yaml', '')]);
    expect(status).toBe(1);
    expect(report.findings.map((f) => [f.ruleId, f.line, f.column, f.message])).toEqual([
      ['schema', 1, 1, 'The file is empty; a design starts with `version: 1` and `name: <design name>`.'],
    ]);
  });

  it('reports a top level that is not a map', () => {
    const { report } = json(['review', write('list.yaml', '- version: 1\n- name: x\n')]);
    expect(report.findings.map((f) => [f.ruleId, f.line, f.column])).toEqual([['schema', 1, 1]]);
    expect(report.findings[0]?.message).toContain('this file holds a list');
  });

  it('reports a YAML syntax error with its position and reviews nothing else', () => {
    const { status, report } = json(['review', write('broken.yaml', 'version: 1\nname: "unclosed\nservices:\n  A: {}\n')]);
    expect(status).toBe(1);
    expect(report.findings.every((f) => f.ruleId === 'yaml-syntax')).toBe(true);
    expect(report.findings.map((f) => [f.line, f.column, f.message])).toEqual([[2, 7, 'This quoted string is never closed (a closing " is missing).']]);
  });

  it('reports a duplicated key at the second one', () => {
    const { report } = json(['review', write('twice.yaml', 'version: 1\nname: twice\nservices:\n  Orders: {}\n  Orders: {}\n')]);
    expect(report.findings.map((f) => [f.ruleId, f.line, f.column, f.message])).toEqual([
      ['yaml-syntax', 5, 3, "The key 'Orders' appears twice in the same map."],
    ]);
  });

  it('refuses the billion-laughs document quickly', () => {
    const started = Date.now();
    const { status, report } = json(['review', 'fixtures/rules/yaml-syntax/invalid-alias-bomb.yaml']);
    expect(status).toBe(1);
    expect(report.findings[0]?.ruleId).toBe('yaml-syntax');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('reads a file with a UTF-8 BOM and CRLF line ends at the same positions', () => {
    const text = readFileSync(path.join(ROOT, 'fixtures/designs/flawed-order-saga.yaml'), 'utf8');
    const plain = json(['review', 'fixtures/designs/flawed-order-saga.yaml']).report.findings.map((f) => [f.ruleId, f.line, f.column, f.endLine, f.endColumn]);
    const bom = json(['review', write('bom.yaml', `\ufeff${text}`)]).report.findings.map((f) => [f.ruleId, f.line, f.column, f.endLine, f.endColumn]);
    const crlf = json(['review', write('crlf.yaml', text.replace(/\n/g, '\r\n'))]).report.findings.map((f) => [
      f.ruleId,
      f.line,
      f.column,
      f.endLine,
      f.endColumn,
    ]);
    expect(bom).toEqual(plain);
    expect(crlf).toEqual(plain);
  });

  it('reads a design from standard input with -', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'eda-advisor.js'), 'review', '-', '--format', 'json'], {
      cwd: ROOT,
      input: readFileSync(path.join(ROOT, 'fixtures/designs/flawed-order-saga.yaml')),
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.findings[0]).toMatchObject({ file: '<stdin>', line: 16, column: 17, ruleId: 'missing-outbox' });
  });

  it('refuses a file over --max-file-size, and a size it cannot read', () => {
    const r = run(['review', 'fixtures/designs/order-saga.yaml', '--max-file-size', '1KiB']);
    expect(r).toEqual({ status: 2, stdout: '', stderr: 'eda-advisor: fixtures/designs/order-saga.yaml: is 5 KiB, over the 1 KiB limit for a design file.\n' });
    expect(run(['review', 'fixtures/designs/order-saga.yaml', '--max-file-size', '20MiB']).status).toBe(0);
    expect(run(['review', 'fixtures/designs/order-saga.yaml', '--max-file-size', 'lots']).stderr).toContain('expected a size such as 10MiB');
  });

  it('refuses a document nested deeper than any design, whether it overflows the parser or not', () => {
    for (const depth of [100, 20000]) {
      const { status, report } = json(['review', write('deep.yaml', `version: 1\nname: deep\nx-deep: ${'['.repeat(depth)}${']'.repeat(depth)}\n`)]);
      expect(status).toBe(1);
      expect(report.findings.map((f) => [f.ruleId, f.message])).toEqual([
        ['yaml-syntax', 'The document nests more than 64 levels deep; a design needs about ten.'],
      ]);
    }
  });

  it('refuses what is not a regular file', () => {
    const fifo = path.join(tmp(), 'pipe.yaml');
    spawnSync('mkfifo', [fifo]);
    const r = run(['review', fifo]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('pipe.yaml: is not a regular file.');
  });

  it('still reviews a design of 50,000 names', () => {
    const file = path.join(tmp(), 'large.yaml');
    writeFileSync(file, generateDesign(12_500));
    const names = (readFileSync(file, 'utf8').match(/^ {2}[A-Za-z][A-Za-z0-9]*:/gm) ?? []).length;
    expect(names).toBeGreaterThanOrEqual(50_000);
    expect(run(['review', file])).toEqual({ status: 0, stdout: '✔ No problems in 1 file.\n', stderr: '' });
  });

  it('reads a design written as JSON', () => {
    expect(run(['review', 'fixtures/rules/schema/valid-extensions-and-json-style.yaml']).status).toBe(0);
  });

  it('reports tabs used for indentation', () => {
    const { report } = json(['review', write('tabs.yaml', 'version: 1\nname: tabs\nservices:\n\tOrders: {}\n')]);
    expect(report.findings[0]).toMatchObject({ ruleId: 'yaml-syntax', line: 4, column: 1 });
  });

  it('never leaves a temporary file behind', () => {
    const dir = tmp();
    run(['review', 'fixtures/designs/flawed-order-saga.yaml', '--format', 'sarif', '--output', path.join(dir, 'report.sarif')]);
    run(['review', 'fixtures/designs/flawed-order-saga.yaml', '--write-baseline', path.join(dir, 'baseline.json')]);
    expect(readdirSync(dir).sort()).toEqual(['baseline.json', 'report.sarif']);
  });
});
