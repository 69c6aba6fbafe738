import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { render } from 'ink-testing-library';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RULE_IDS } from '../rules/ids.js';
import { CHECKLIST } from '../guidance/checklist.js';
import * as llm from '../guidance/llm.js';
import { ROOT, run } from '../testing/cli.js';
import { MessagesServer } from '../testing/messages-server.js';
import { App, HELP, type AppProps } from './App.js';
import { loadWalkthrough, type ProcessView } from './data.js';
import { withSuppression, writeSuppression } from './suppress.js';

const FLAWED = 'fixtures/designs/flawed-order-saga.yaml';
const TAB = '\t';
const ENTER = '\r';
const ESC = '\u001b';
const DOWN = '\u001b[B';
const RIGHT = '\u001b[C';
const cwd = process.cwd();

const tick = (ms = 30) => new Promise((r) => setTimeout(r, ms));
const instances: { unmount: () => void }[] = [];

async function open(file = FLAWED, extra: Partial<AppProps> = {}) {
  const load = () => loadWalkthrough(file, { maxFileSize: 10 * 1024 * 1024 });
  const props: AppProps = { initial: load(), reload: load, suppress: (f, r) => writeSuppression(f, r), color: false, size: { columns: 80, rows: 24 }, ...extra };
  const app = render(<App {...props} />);
  instances.push(app);
  await tick();
  const press = async (...keys: string[]) => {
    for (const k of keys) {
      app.stdin.write(k);
      await tick();
    }
    return app.lastFrame() ?? '';
  };
  return { app, press, frame: () => app.lastFrame() ?? '' };
}

beforeAll(() => process.chdir(ROOT));
afterAll(() => process.chdir(cwd));
afterEach(() => {
  for (const i of instances.splice(0)) i.unmount();
});

function fitsIn(frame: string, columns: number, rows: number): void {
  const lines = frame.split('\n');
  expect(lines.length).toBeLessThanOrEqual(rows);
  for (const l of lines) expect([...l].length, l).toBeLessThanOrEqual(columns);
}

describe('walkthrough screens', () => {
  it('every rule is behind a checklist item', () => {
    const covered = new Set(CHECKLIST.flatMap((i) => i.rules));
    expect(RULE_IDS.filter((id) => !covered.has(id))).toEqual([]);
  });

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

  it('checklist: an item, its findings, and a finding with the YAML around it, why and how to fix', async () => {
    const { press } = await open();
    let f = await press(TAB);
    expect(f).toContain('› ✗ Transactions Each operation has a clear local transaction scope (1)');
    f = await press(DOWN, DOWN, ENTER);
    expect(f).toContain('Checklist › Compensation actions defined for all critical steps');
    expect(f).toContain('› E 57:9  missing-compensation');
    f = await press(ENTER);
    expect(f).toContain('ERROR  Missing compensation (missing-compensation)');
    expect(f).toContain('fixtures/designs/flawed-order-saga.yaml:57:9');
    expect(f).toMatch(/> {3}57 │ {7}- name: reserve-stock/);
    expect(f).toMatch(/ {4}56 │ {5}steps:/);
    expect(f).toContain('Why it matters');
    expect(f).toContain('How to fix it');
    f = await press(ESC, ESC);
    expect(f).toContain('Checklist and anti-patterns');
    fitsIn(f, 80, 24);
  });

  it('/ filters a list; Esc clears the filter', async () => {
    const { press } = await open();
    await press(TAB, '/');
    let f = await press(...'outbox');
    expect(f).toContain('/outbox');
    expect(f).toContain('Outbox pattern implemented for atomic operations (2)');
    expect(f).not.toContain('No cross-service ACID transactions');
    f = await press(ENTER);
    expect(f).toContain('[filter: outbox]');
    f = await press(ESC);
    expect(f).toContain('No cross-service ACID transactions');
  });

  it('process explorer: failure points, then the trace step by step to its verdict', async () => {
    const { press } = await open();
    let f = await press(TAB, TAB);
    expect(f).toContain('› PlaceOrder — saga, 3 failure points, 2 inconsistent');
    f = await press(ENTER);
    expect(f).toContain('1. reserve-stock: ReserveStock → StockReserved');
    expect(f).toContain("✗ step 'screen' fails");
    f = await press(DOWN, ENTER);
    expect(f).toContain("Failure: step 'screen' fails");
    expect(f).toContain('(1 of 7 steps; Enter for the next)');
    for (let i = 0; i < 7; i++) f = await press(ENTER);
    expect(f).toContain('Ran: ReserveStock');
    expect(f).toContain('Compensations: none');
    expect(f).toContain("Verdict: step 'reserve-stock' completed and nothing undoes ReserveStock");
  });

  it("pattern advisor: the design's answers as defaults, a recommendation that follows changed answers, r resets", async () => {
    const { press } = await open();
    let f = await press(TAB, TAB, TAB);
    expect(f).toMatch(/› How many decision points\? +0 +design: 0/);
    expect(f).toContain('Recommended: saga — the declared saga fits.');
    f = await press(RIGHT, RIGHT, RIGHT);
    expect(f).toMatch(/How many decision points\? +3/);
    expect(f).toContain('Recommended: process manager — the design declares a saga.');
    expect(f).toContain('As a process manager, each guarded step becomes');
    f = await press(DOWN, DOWN, DOWN, ' ');
    expect(f).toMatch(/› Must one party own the outcome\? +no/);
    f = await press('r');
    expect(f).toContain('Recommended: saga — the declared saga fits.');
  });

  it('guidance: the six sections for the process in view; l without a key says what it needs', async () => {
    const { press } = await open();
    let f = await press(TAB, TAB, TAB, TAB);
    expect(f).toContain('## Event-Driven Architecture Guidance');
    expect(f).toContain('### Scenario Summary');
    f = await press('l');
    expect(f).toContain('l asks Claude, and needs ANTHROPIC_API_KEY');
    for (let i = 0; i < 12; i++) await press('\u001b[6~'); // Page Down
    f = await press();
    expect(f).toContain("of context 'Payments' is consumed by 'Orders' in context 'Ordering'");
    expect(f).not.toContain('### Scenario Summary');
  });

  it('Shift-Tab goes to the previous pane, Backspace goes back, j and k move like the arrows', async () => {
    const { press } = await open();
    let f = await press('\u001b[Z');
    expect(f).toContain('Guidance › process PlaceOrder');
    f = await press(TAB, TAB, 'j', 'j', 'k', ENTER);
    expect(f).toContain('Checklist › No cross-service ACID transactions');
    f = await press('\u007f');
    expect(f).toContain('Checklist and anti-patterns');
  });

  it('? shows the keys, q quits', async () => {
    const { press, app } = await open();
    let f = await press('?');
    for (const line of HELP.slice(0, 4)) expect(f).toContain(line.trim());
    f = await press(ESC);
    expect(f).toContain('Contexts and services');
    await press('q');
    expect(app.frames.length).toBeGreaterThan(0);
    // After q the app has exited: keys change nothing any more.
    const frames = app.frames.length;
    await press(TAB, TAB);
    expect(app.frames.length).toBe(frames);
  });

  it('fits 80×24 and grows with the window', async () => {
    const small = await open(FLAWED, { size: { columns: 80, rows: 24 } });
    for (const keys of [[], [TAB], [TAB], [TAB], [TAB]]) fitsIn(await small.press(...keys), 80, 24);
    const large = await open(FLAWED, { size: { columns: 140, rows: 50 } });
    const f = await large.press(TAB);
    expect(f.split('\n').length).toBeGreaterThan(24);
    expect(f).toContain('Analysis     Every state reachable; the pattern fits the shape');
  });
});

describe('decisions written into the design', () => {
  /** The flawed design copied to a temporary folder, opened at its missing-compensation finding with s pressed. */
  async function suppressing(test: (file: string, before: string, press: (...keys: string[]) => Promise<string>) => Promise<void>): Promise<void> {
    const dir = mkdtempSync(path.join(tmpdir(), 'eda-walk-'));
    try {
      const file = path.join(dir, 'design.yaml');
      copyFileSync(path.join(ROOT, FLAWED), file);
      const before = readFileSync(file, 'utf8');
      const { press } = await open(file);
      await press(TAB, DOWN, DOWN, ENTER, ENTER, 's');
      await test(file, before, press);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('s records a suppression with a reason; the file keeps its other lines, the finding is gone', () =>
    suppressing(async (file, before, press) => {
      let f = await press(...'release happens in a nightly job');
      expect(f).toContain('Reason for suppressing missing-compensation: release happens in a nightly job');
      f = await press(ENTER);
      expect(f).toContain('Suppressed missing-compensation at line 57');
      expect(f).toContain('No findings: this item holds for the design.');
      const after = readFileSync(file, 'utf8').split('\n');
      const lines = before.split('\n');
      expect(after).toEqual([...lines.slice(0, 56), '      # eda-advisor-ignore missing-compensation -- release happens in a nightly job', ...lines.slice(56)]);
      const review = run(['review', file, '--format', 'json']);
      expect((JSON.parse(review.stdout) as { findings: { ruleId: string }[] }).findings.map((x) => x.ruleId)).not.toContain('missing-compensation');
    }));

  it('Esc cancels the reason; an empty reason is refused and nothing is written', () =>
    suppressing(async (file, before, press) => {
      let f = await press(ENTER);
      expect(f).toContain('a suppression needs a reason');
      f = await press(ESC);
      expect(f).toContain('Not suppressed.');
      expect(readFileSync(file, 'utf8')).toBe(before);
    }));

  it('keeps CRLF endings and a BOM, and indents like the line it annotates', () => {
    const text = '\uFEFFversion: 1\r\nservices:\r\n  Orders:\r\n    publishing: direct\r\n';
    expect(withSuppression(text, 4, 'missing-outbox', 'legacy\nbroker')).toBe('\uFEFFversion: 1\r\nservices:\r\n  Orders:\r\n    # eda-advisor-ignore missing-outbox -- legacy broker\r\n    publishing: direct\r\n');
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
    llm.buildRequest(view.input, 'claude-sonnet-5-5').then((req) => llm.askClaude(req, { apiKey: 'sk-test', baseURL: url, timeoutMs: 5000, maxRetries: 0, signal }));

  it('a visible spinner while it works, Esc cancels, and the answer replaces the offline text', async () => {
    server.reply({ kind: 'hang' });
    const { press } = await open(FLAWED, { askLlm: ask });
    let f = await press(TAB, TAB, TAB, TAB, 'l');
    await tick(150);
    f = await press();
    expect(f).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] Asking Claude for guidance on PlaceOrder… \(Esc cancels\)/);
    f = await press(ESC);
    await tick(100);
    f = await press();
    expect(f).toContain('Cancelled; the guidance shown is written offline.');
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
    await press('l');
    await tick(300);
    f = await press();
    expect(f).toContain('From Claude: PlaceOrder in four steps.');
    expect(f).toContain('Guidance by claude-sonnet-5-5.');
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
