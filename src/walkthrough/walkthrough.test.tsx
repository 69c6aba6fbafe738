import { EventEmitter } from 'node:events';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { render } from 'ink-testing-library';
import stringWidth from 'string-width';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as llm from '../guidance/llm.js';
import { ROOT, run } from '../testing/cli.js';
import { loadWidths } from '../util/columns.js';
import { MessagesServer } from '../testing/messages-server.js';
import { App, HELP, type AppProps } from './app.js';
import { loadWalkthrough } from '../app/walkthrough.js';
import type { ProcessView } from './data.js';
import { withSuppression, writeSuppression } from './suppress.js';

const FLAWED = 'fixtures/designs/flawed-order-saga.yaml';
const TAB = '\t';
const ENTER = '\r';
const ESC = '\u001b';
const DOWN = '\u001b[B';
const RIGHT = '\u001b[C';
const cwd = process.cwd();

const instances: { unmount: () => void }[] = [];

type Want = string | RegExp | (() => boolean);

/**
 * Opens the walkthrough in ink-testing-library. `type` writes keys as one piece of input, the way
 * a fast typist or a loaded machine delivers them; `until` resolves when the screen the keys lead to
 * is drawn, and returns it. Nothing pauses: `until` checks each frame as Ink writes it (and each
 * change of stdin's listeners, for quitting). Its one timer only turns a screen that never comes
 * into a failure that says what the screen shows.
 */
async function open(file = FLAWED, extra: Partial<AppProps> = {}) {
  const load = () => loadWalkthrough(file, { maxFileSize: 10 * 1024 * 1024 });
  const props: AppProps = {
    initial: load(),
    reload: load,
    suppress: (f, r) => writeSuppression(f, r),
    color: false,
    size: { columns: 80, rows: 24 },
    ...extra,
  };
  const app = render(<App {...props} />);
  instances.push(app);
  const frame = () => app.lastFrame() ?? '';
  // Ink writes every frame through stdout.write: a frame written is the event to check on.
  const drawn = new EventEmitter();
  const write = app.stdout.write;
  app.stdout.write = (f: string) => {
    write(f);
    drawn.emit('frame');
  };
  const until = (want: Want, timeoutMs = 15_000): Promise<string> =>
    new Promise((resolve, reject) => {
      const holds = () => (typeof want === 'function' ? want() : typeof want === 'string' ? frame().includes(want) : want.test(frame()));
      const done = () => {
        drawn.off('frame', check);
        app.stdin.off('removeListener', check);
        clearTimeout(failing);
      };
      const check = () => {
        if (!holds()) return;
        done();
        resolve(frame());
      };
      const failing = setTimeout(() => {
        done();
        reject(new Error(`the screen never showed ${String(want)}; it shows:\n${frame()}`));
      }, timeoutMs);
      drawn.on('frame', check);
      app.stdin.on('removeListener', check);
      check();
    });
  const type = (...keys: string[]) => app.stdin.write(keys.join(''));
  await until('Contexts and services');
  return { app, type, until, frame };
}

beforeAll(async () => {
  process.chdir(ROOT);
  await loadWidths();
});
afterAll(() => process.chdir(cwd));
afterEach(() => {
  for (const i of instances.splice(0)) i.unmount();
});

function fitsIn(frame: string, columns: number, rows: number): void {
  const lines = frame.split('\n');
  expect(lines.length).toBeLessThanOrEqual(rows);
  for (const l of lines) expect(stringWidth(l), l).toBeLessThanOrEqual(columns);
}

describe('walkthrough screens', () => {
  it('overview: the design, its contexts and services, its processes, the four checklist areas with counts', async () => {
    const { frame } = await open();
    const f = frame();
    expect(f).toContain('flawed-order-saga — fixtures/designs/flawed-order-saga.yaml: 6 errors, 3');
    expect(f).toContain('Payments: Payments, FraudCheck');
    expect(f).toContain('PlaceOrder — saga');
    expect(f).toContain('Transaction Boundaries: 0/3 done, 3 findings');
    expect(f).toContain('Event Design: 2/3 done, 2 findings');
    expect(f).toContain('✗ Compensation actions defined for all critical steps (1)');
    fitsIn(f, 80, 24);
  });

  it('a name that would rewrite the terminal is shown escaped (\\u001b), never raw', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eda-walkthrough-escapes-'));
    const file = path.join(dir, 'escapes.yaml');
    writeFileSync(file, readFileSync(FLAWED, 'utf8').replace(/^ {2}PlaceOrder:/m, '  "PlaceOrder\\e[2J":'));
    const { frame } = await open(file);
    const f = frame();
    expect(f).toContain('PlaceOrder\\u001b[2J — saga');
    expect(f).not.toContain('\u001b[2J');
    rmSync(dir, { recursive: true, force: true });
  });

  it('checklist: an item, its findings, and a finding with the YAML around it, why and how to fix', async () => {
    const { type, until } = await open();
    type(TAB);
    await until('› ✗ Transactions Each operation has a clear local transaction scope (1)');
    type(DOWN, DOWN, ENTER);
    let f = await until('Checklist › Compensation actions defined for all critical steps');
    expect(f).toContain('› E 57:9  missing-compensation');
    type(ENTER);
    f = await until('ERROR  Missing compensation (missing-compensation)');
    expect(f).toContain('fixtures/designs/flawed-order-saga.yaml:57:9');
    expect(f).toMatch(/> {3}57 │ {7}- name: reserve-stock/);
    expect(f).toMatch(/ {4}56 │ {5}steps:/);
    expect(f).toContain('Why it matters');
    expect(f).toContain('How to fix it');
    type(ESC, ESC);
    f = await until('Checklist and anti-patterns');
    fitsIn(f, 80, 24);
  });

  it('keys typed at once all count: ↓ ↓ Enter, a filter, 20 ↓ in one piece', async () => {
    const { type, until } = await open();
    // The whole way to the finding in one piece of input, as a loaded machine delivers it.
    type(TAB, DOWN, DOWN, ENTER, ENTER);
    await until('ERROR  Missing compensation (missing-compensation)');
    type(ESC, ESC, ...Array.from({ length: 20 }, () => DOWN));
    const f = await until('› ✓ Analysis     Every state reachable; the pattern fits the shape');
    fitsIn(f, 80, 24);
  });

  it('/ filters a list; Esc clears the filter', async () => {
    const { type, until, frame } = await open();
    type(TAB, '/', 'outbox');
    const f = await until('/outbox▏');
    expect(f).toContain('Outbox pattern implemented for atomic operations (2)');
    expect(f).not.toContain('No cross-service ACID transactions');
    type(ENTER);
    await until('[filter: outbox]');
    type(ESC);
    await until('No cross-service ACID transactions');
    expect(frame()).not.toContain('[filter: outbox]');
  });

  it('process explorer: failure points, then the trace step by step to its verdict', async () => {
    const { type, until } = await open();
    type(TAB, TAB);
    await until('› PlaceOrder — saga, 3 failure points, 2 inconsistent');
    type(ENTER);
    let f = await until('1. reserve-stock: ReserveStock → StockReserved');
    expect(f).toContain("✗ step 'screen' fails");
    type(DOWN, ENTER);
    f = await until("Failure: step 'screen' fails");
    expect(f).toContain('(1 of 7 steps; Enter for the next)');
    type(...Array.from({ length: 7 }, () => ENTER));
    f = await until("Verdict: step 'reserve-stock' completed and nothing undoes ReserveStock");
    expect(f).toContain('Ran: ReserveStock');
    expect(f).toContain('Compensations: none');
  });

  it("process explorer: verify's shortest failing run, step by step, with its fault and where the fix belongs", async () => {
    const { type, until } = await open();
    type(TAB, TAB);
    await until('› PlaceOrder — saga, 3 failure points, 2 inconsistent');
    type(ENTER);
    await until('✗ verify/left-uncompensated: a failing run of 4 steps');
    type(DOWN, DOWN, DOWN, ENTER);
    let f = await until("verify/left-uncompensated: 'PlaceOrder' ends failed with ReserveStock in");
    expect(f).toContain('(1 of 4 steps; Enter for the next)');
    type(...Array.from({ length: 4 }, () => ENTER));
    f = await until('Breaks: all or compensated; fix at');
    expect(f).toMatch(/ScreenOrder ⚡\s+crash-before-publish/);
  });

  it("pattern advisor: the design's answers as defaults, a recommendation that follows changed answers, r resets", async () => {
    const { type, until, frame } = await open();
    type(TAB, TAB, TAB);
    let f = await until(/› How many decision points\? +0 +design: 0/);
    expect(f).toContain('Recommended: saga — the declared saga fits.');
    type(RIGHT, RIGHT, RIGHT);
    f = await until(/How many decision points\? +3/);
    expect(f).toContain('Recommended: process manager — the design declares a saga.');
    expect(f).toContain('As a process manager, each guarded step becomes');
    type(DOWN, DOWN, DOWN, ' ');
    await until(/› Must one party own the outcome\? +no/);
    expect(frame()).not.toContain('Recommended: saga — the declared saga fits.');
    type('r');
    await until('Recommended: saga — the declared saga fits.');
  });

  it('guidance: the six sections for the process in view; l without a key says what it needs', async () => {
    const { type, until } = await open();
    type(TAB, TAB, TAB, TAB);
    await until('### Scenario Summary');
    expect(await until('## Event-Driven Architecture Guidance')).toBeTruthy();
    type('l');
    await until('l asks Claude, and needs ANTHROPIC_API_KEY');
    type(...Array.from({ length: 12 }, () => '\u001b[6~')); // Page Down
    const f = await until("of context 'Payments' is consumed by 'Orders' in context 'Ordering'");
    expect(f).not.toContain('### Scenario Summary');
  });

  it('Shift-Tab goes to the previous pane, Backspace goes back, j and k move like the arrows', async () => {
    const { type, until } = await open();
    type('\u001b[Z');
    await until('Guidance › process PlaceOrder');
    type(TAB, TAB, 'j', 'j', 'k', ENTER);
    await until('Checklist › No cross-service ACID transactions');
    type('\u007f');
    await until('Checklist and anti-patterns');
  });

  it('? shows the keys, q quits', async () => {
    const { type, until, app } = await open();
    type('?');
    const f = await until(HELP[1]?.trim() ?? 'Keys');
    for (const line of HELP.slice(0, 4)) expect(f).toContain(line.trim());
    type(ESC);
    await until('Contexts and services');
    type('q');
    // Quitting unmounts the app: it stops reading the terminal, so later keys change nothing.
    await until(() => app.stdin.listenerCount('readable') === 0);
    const frames = app.frames.length;
    type(TAB, TAB);
    expect(app.frames.length).toBe(frames);
  });

  it('fits 80×24 and grows with the window', async () => {
    const small = await open(FLAWED, { size: { columns: 80, rows: 24 } });
    fitsIn(small.frame(), 80, 24);
    for (const [i, name] of ['Checklist', 'Processes', 'Advisor', 'Guidance'].entries()) {
      small.type(TAB);
      fitsIn(await small.until(i === 3 ? '### Scenario Summary' : `${name} ›`), 80, 24);
    }
    const large = await open(FLAWED, { size: { columns: 140, rows: 50 } });
    large.type(TAB);
    const f = await large.until('Analysis     Every state reachable; the pattern fits the shape');
    expect(f.split('\n').length).toBeGreaterThan(24);
  });

  it('names wider than one column (CJK, emoji) keep the screen inside its columns', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eda-walk-wide-'));
    try {
      const file = path.join(dir, 'wide.yaml');
      writeFileSync(
        file,
        [
          'version: 1',
          'name: 注文処理のデザイン📦注文処理のデザイン📦注文処理のデザイン',
          'services:',
          '  注文サービス: { publishing: direct }',
          'events:',
          '  注文が確定しました📦注文が確定しました📦注文が確定しました📦注文が確定しました: { producedBy: 注文サービス }',
          '',
        ].join('\n'),
      );
      const { type, until, frame } = await open(file);
      fitsIn(frame(), 80, 24);
      type(TAB);
      fitsIn(await until('Checklist ›'), 80, 24);
      type(TAB, TAB);
      fitsIn(await until('Advisor ›'), 80, 24);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('decisions written into the design', () => {
  /** The flawed design copied to a temporary folder, opened at its missing-compensation finding with s pressed. */
  async function suppressing(test: (file: string, before: string, ui: Awaited<ReturnType<typeof open>>) => Promise<void>): Promise<void> {
    const dir = mkdtempSync(path.join(tmpdir(), 'eda-walk-'));
    try {
      const file = path.join(dir, 'design.yaml');
      copyFileSync(path.join(ROOT, FLAWED), file);
      const before = readFileSync(file, 'utf8');
      const ui = await open(file);
      ui.type(TAB, DOWN, DOWN, ENTER, ENTER, 's');
      await ui.until('Reason for suppressing missing-compensation: ▏');
      await test(file, before, ui);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('s records a suppression with a reason typed at once; the file keeps its other lines, the finding is gone', () =>
    suppressing(async (file, before, { type, until }) => {
      type('nightly-job-releases-stock');
      await until('Reason for suppressing missing-compensation: nightly-job-releases-stock▏');
      type(ENTER);
      const f = await until('Suppressed missing-compensation at line 57');
      expect(f).toContain('No findings: this item holds for the design.');
      const after = readFileSync(file, 'utf8').split('\n');
      const lines = before.split('\n');
      expect(after).toEqual([...lines.slice(0, 56), '      # eda-advisor-ignore missing-compensation -- nightly-job-releases-stock', ...lines.slice(56)]);
      const review = run(['review', file, '--format', 'json']);
      expect((JSON.parse(review.stdout) as { findings: { ruleId: string }[] }).findings.map((x) => x.ruleId)).not.toContain('missing-compensation');
    }));

  it('a reason and Enter in one piece of input: written whole', () =>
    suppressing(async (file, _before, { type, until }) => {
      type('release happens in a nightly job', ENTER);
      await until('Suppressed missing-compensation at line 57');
      expect(readFileSync(file, 'utf8')).toContain(
        '      # eda-advisor-ignore missing-compensation -- release happens in a nightly job\n      - name: reserve-stock',
      );
    }));

  it('Esc cancels the reason; an empty reason is refused and nothing is written', () =>
    suppressing(async (file, before, { type, until }) => {
      type(ENTER);
      await until('a suppression needs a reason');
      type(ESC);
      await until('Not suppressed.');
      expect(readFileSync(file, 'utf8')).toBe(before);
    }));

  it('keeps CRLF endings and a BOM, and indents like the line it annotates', () => {
    const text = '\uFEFFversion: 1\r\nservices:\r\n  Orders:\r\n    publishing: direct\r\n';
    expect(withSuppression(text, 4, 'missing-outbox', 'legacy\nbroker')).toBe(
      '\uFEFFversion: 1\r\nservices:\r\n  Orders:\r\n    # eda-advisor-ignore missing-outbox -- legacy broker\r\n    publishing: direct\r\n',
    );
    expect(withSuppression('a: 1\n', 1, 'x', 'y')).toBe('# eda-advisor-ignore x -- y\na: 1\n');
  });

  it('refuses, and writes nothing, when a comment there would not hide the finding', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eda-walk-'));
    try {
      const file = path.join(dir, 'd.yaml');
      writeFileSync(file, 'version: 1\nname: d\nservices:\n  Orders: { publishing: direct }\nevents:\n  OrderPlaced: { producedBy: Orders }\n');
      const data = loadWalkthrough(file, { maxFileSize: 1e7 });
      const finding = data.findings.find((f) => f.ruleId === 'missing-outbox');
      expect(finding).toBeDefined();
      const before = readFileSync(file, 'utf8');
      // A finding that moved (the line is another one now): the comment would land above the wrong node.
      expect(() => writeSuppression({ ...(finding as NonNullable<typeof finding>), line: 1 }, 'legacy')).toThrow(/would not hide this finding/);
      expect(readFileSync(file, 'utf8')).toBe(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('l asks Claude, against a local Messages API', () => {
  const server = new MessagesServer();
  let url = '';
  beforeAll(async () => {
    url = await server.start();
  });
  afterAll(async () => {
    await server.stop();
  });
  const ask = (view: ProcessView, signal: AbortSignal) =>
    llm
      .buildRequest(view.input, 'claude-sonnet-5-5')
      .then((req) => llm.askClaude(req, { apiKey: 'sk-test', baseURL: url, timeoutMs: 5000, maxRetries: 0, signal }));

  it('a visible spinner while it works, Esc cancels, and the answer replaces the offline text', async () => {
    server.reply({ kind: 'hang' });
    const { type, until } = await open(FLAWED, { askLlm: ask });
    type(TAB, TAB, TAB, TAB, 'l');
    await until(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] Asking Claude for guidance on PlaceOrder… \(Esc cancels\)/);
    type(ESC);
    await until('Cancelled; the guidance shown is written offline.');
    server.reply({
      kind: 'json',
      text: JSON.stringify({
        scenarioSummary: 'From Claude: PlaceOrder in four steps.',
        recommendedPattern: { pattern: 'saga', fitsDeclared: true, reasons: ['A line of four steps.'] },
        implementationApproach: ['Split confirm.'],
        keyComponents: [{ name: 'Orders', responsibility: 'Coordinates.' }],
        errorHandlingStrategy: ['Release the stock.'],
        integrationPoints: ['command.Bus.'],
      }),
    });
    type('l');
    const f = await until('From Claude: PlaceOrder in four steps.');
    expect(await until('Guidance by claude-sonnet-5-5.')).toBeTruthy();
    expect(f).toContain('PlaceOrder');
  });
});

describe('walkthrough on the command line', () => {
  it('refuses without a terminal and suggests review (exit 2)', () => {
    const r = run(['walkthrough', FLAWED]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('walkthrough is interactive and needs a terminal');
    expect(r.stderr).toContain('eda-advisor review');
  });
});
