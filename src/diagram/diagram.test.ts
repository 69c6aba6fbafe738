// @vitest-environment happy-dom
// Mermaid's parser needs a DOM for state diagrams and for the sanitising of labels: happy-dom gives one.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import mermaid from 'mermaid';
import { describe, expect, it } from 'vitest';
import { ROOT, run } from '../testing/cli.js';
import { RULES } from '../rules/index.js';
import { launchOptions, renderFailure } from '../app/diagram.js';

const DESIGNS = readdirSync(path.join(ROOT, 'fixtures', 'designs')).map((f) => `fixtures/designs/${f}`);

/** The mermaid blocks of a Markdown document. */
function blocks(markdown: string): string[] {
  return [...markdown.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1] as string);
}

async function parses(text: string): Promise<string> {
  const result = await mermaid.parse(text);
  expect(result).toBeTruthy();
  return (result as { diagramType: string }).diagramType;
}

describe('diagram', () => {
  it.each(DESIGNS)('%s: every diagram, with and without findings, is accepted by Mermaid’s parser', async (design) => {
    for (const args of [[], ['--findings']]) {
      const r = run(['diagram', design, ...args]);
      expect(r.status).toBe(0);
      const found = blocks(r.stdout);
      expect(found.length).toBeGreaterThan(0);
      for (const b of found) await parses(b);
    }
    const map = run(['diagram', design, '--kind', 'context-map', '--findings', '--format', 'mermaid']);
    expect(map.status).toBe(0);
    expect(await parses(map.stdout)).toBe('flowchart-v2');
  });

  it('a saga: one alt block per failure point, with its compensations in the simulated order and the outcome', async () => {
    const r = run(['diagram', 'fixtures/designs/order-saga.yaml', '--format', 'mermaid']);
    expect(await parses(r.stdout)).toBe('sequence');
    expect(r.stdout.match(/^ {2}alt /gm)).toHaveLength(3);
    const pivot = r.stdout.split('  else CardAuthorizationDeclined\n')[1]?.split('  end\n')[0] ?? '';
    expect(pivot.split('\n').filter(Boolean)).toEqual([
      '    p3-->>p0: CardAuthorizationDeclined',
      '    p0->>p2: ReleaseStock (undoes ReserveStock)',
      '    p0->>p0: RejectOrder (undoes CreateOrder)',
      '    Note over p0: ends with OrderRejected',
    ]);
  });

  it("format 1.1: a step whose compensation is none says nothing to undo; a reaction's onFailure is a dashed failure branch", async () => {
    const saga = run(['diagram', 'fixtures/designs/temporal-money-transfer.yaml', '--format', 'mermaid']);
    expect(await parses(saga.stdout)).toBe('sequence');
    const deposit = saga.stdout.split('  else DepositRejected\n')[1]?.split('  end\n')[0] ?? '';
    expect(deposit).toContain('Refund (undoes Withdraw)');
    expect(deposit).toContain('Note over p0: nothing to undo for SendReceipt');
    const flow = run(['diagram', 'fixtures/designs/kafka-streams-order-join.yaml', '--format', 'mermaid']);
    expect(await parses(flow.stdout)).toBe('flowchart-v2');
    expect(flow.stdout).toContain('  r0 --> e_PaymentCharged');
    expect(flow.stdout).toContain('  r0 -.->|"failed"| e_PaymentDeclined');
    expect(flow.stdout).toMatch(/class [^\n]*e_StockRanOut[^\n]* failure/);
  });

  it('a process manager: its states, transitions by event and timeout, terminal states', async () => {
    const r = run(['diagram', 'fixtures/designs/money-transfer-process-manager.yaml', '--format', 'mermaid']);
    expect(await parses(r.stdout)).toBe('stateDiagram');
    expect(r.stdout).toContain('  [*] --> s_Debiting');
    expect(r.stdout).toContain('  s_Crediting --> s_RefundingDebit: after 5m / send ReverseCredit');
    expect(r.stdout).toContain('  s_Failed --> [*]');
  });

  it('a choreography: events lead to reactions lead to events; failure events marked', async () => {
    const r = run(['diagram', 'fixtures/designs/order-choreography.yaml', '--format', 'mermaid']);
    expect(await parses(r.stdout)).toBe('flowchart-v2');
    expect(r.stdout).toContain('  e_OrderPlaced(["OrderPlaced"])');
    expect(r.stdout).toContain('  r0["Stock: ReserveStock"]');
    expect(r.stdout).toContain('  class e_StockReservationFailed,e_PaymentFailed,e_OrderRejected failure');
  });

  it('the context map: contexts, services, and the events between them; a leaked internal event dashed', async () => {
    const r = run(['diagram', 'fixtures/designs/flawed-order-saga.yaml', '--kind', 'context-map', '--format', 'mermaid']);
    expect(await parses(r.stdout)).toBe('flowchart-v2');
    expect(r.stdout).toContain('  subgraph c0 ["Ordering"]');
    expect(r.stdout).toContain('  s_Stock -. "StockReserved (internal)" .-> s_Orders');
  });

  it('--findings puts each finding of the process on the step it concerns', async () => {
    const r = run(['diagram', 'fixtures/designs/flawed-order-saga.yaml', '--findings', '--format', 'mermaid']);
    await parses(r.stdout);
    const lines = r.stdout.split('\n');
    const reserve = lines.indexOf('  p0->>p1: ReserveStock');
    const screen = lines.indexOf('  p0->>p2: ScreenOrder');
    const notes = lines.slice(reserve, screen).filter((l) => l.includes('⚠'));
    expect(notes.map((l) => l.split(': ')[1])).toEqual(['⚠ missing-compensation', '⚠ missing-failure-path', '⚠ leaking-internal-event']);
  });

  it('keeps names whole with Mermaid entity codes, in every kind of diagram, and the context map shows synchronous calls', async () => {
    const odd = 'fixtures/diagram/odd-names.yaml';
    for (const kind of ['sequence', 'state', 'flow', 'context-map']) {
      const r = run(['diagram', odd, '--kind', kind, '--format', 'mermaid']);
      if (r.status !== 0) continue;
      await parses(r.stdout);
      expect(r.stdout, kind).not.toMatch(/Card "Gold"|#1;|\[x\]/);
    }
    const states = run(['diagram', odd, '--format', 'mermaid']).stdout;
    // A condition that reads `total > 100; tier: "gold" [x]` comes back whole when Mermaid decodes it.
    const decoded = states
      .replace(/#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
      .replace(/#quot;/g, '"')
      .replace(/#lt;/g, '<')
      .replace(/#gt;/g, '>');
    expect(decoded).toContain('  s_Charging --> s_Done: CardCharged if total > 100; tier: "gold" [x]\n');
    expect(decoded).toContain('%% Pay: process manager of odd "names" #1; <a|b>');
    const map = run(['diagram', 'fixtures/designs/flawed-order-saga.yaml', '--kind', 'context-map', '--format', 'mermaid']).stdout;
    expect(await parses(map)).toBe('flowchart-v2');
    expect(map).toContain('  s_Orders == "calls (http)" ==> s_Payments');
    expect(map).toContain('  s_Payments == "calls (grpc, timeout 800ms)" ==> s_FraudCheck');
  });

  it("--format svg: as root Chromium gets --no-sandbox; a browser that cannot start is the machine's problem, with the fix", () => {
    // mermaid-cli with Puppeteer and a browser is half a gigabyte: not a dependency of the suite. The
    // launch options and the messages are checked here; the render itself was run by hand as root
    // with Debian's chromium (see the README).
    expect(launchOptions({ root: true, cwd: ROOT })).toEqual({ headless: 'shell', args: ['--no-sandbox', '--disable-setuid-sandbox'] });
    expect(launchOptions({ root: false, cwd: ROOT, executablePath: '/usr/bin/chromium' })).toEqual({
      headless: 'shell',
      args: [],
      executablePath: '/usr/bin/chromium',
    });
    // Puppeteer 23's own words, as they came on this machine.
    for (const message of [
      'Could not find Chrome (ver. 131.0.6778.204). This can occur if either\n 1. you did not perform an installation',
      'Failed to launch the browser process! undefined\n[0101/000000.000:ERROR:zygote_host_impl_linux.cc(100)] Running as root without --no-sandbox is not supported.',
    ]) {
      const err = renderFailure(new Error(message));
      expect(err.message).toMatch(
        /^--format svg: needs a browser, and none could start \((Could not find Chrome \(ver\. 131\.0\.6778\.204\)|Failed to launch the browser process! undefined)\)\. Install one/,
      );
      expect(err.message).toContain('PUPPETEER_EXECUTABLE_PATH=/usr/bin/chromium');
    }
    expect(renderFailure(new Error('Parse error on line 3')).message).toBe(
      '--format svg: @mermaid-js/mermaid-cli could not render the diagram (Parse error on line 3); --format mermaid prints it for another renderer.',
    );
  });

  it('diagrams of designs imported from AsyncAPI parse too', async () => {
    for (const doc of ['streetlights-mqtt-3.1.yml', 'slack-rtm-2.6.yml']) {
      const design = run(['import', 'asyncapi', `fixtures/asyncapi/${doc}`]).stdout;
      const r = run(['diagram', '-', '--kind', 'context-map', '--format', 'mermaid'], {}, design);
      expect(r.status).toBe(0);
      await parses(r.stdout);
    }
  });

  it('the parser check can fail: a broken diagram is refused', async () => {
    await expect(mermaid.parse('sequenceDiagram\n  p0->>: nothing')).rejects.toThrow();
  });

  it('says what it cannot do', () => {
    const kind = run(['diagram', 'fixtures/designs/order-saga.yaml', '--kind', 'state']);
    expect(kind.status).toBe(2);
    expect(kind.stderr).toContain("a state diagram does not fit 'CreateOrderSaga', a saga: use --kind sequence");
    const svg = run(['diagram', 'fixtures/designs/order-saga.yaml', '--format', 'svg', '--output', '/tmp/x.svg']);
    expect(svg.status).toBe(2);
    expect(svg.stderr).toContain('--format svg renders with @mermaid-js/mermaid-cli, which is not installed');
    const asyncapi = run(['diagram', 'fixtures/asyncapi/streetlights-mqtt-3.1.yml']);
    expect(asyncapi.status).toBe(2);
    expect(asyncapi.stderr).toContain('is an AsyncAPI document: convert it first (eda-advisor import asyncapi');
    const many = run(['diagram', 'fixtures/rules/missing-timeout/invalid-process-manager-and-choreography.yaml', '--format', 'mermaid']);
    expect(many.status).toBe(2);
    expect(many.stderr).toContain('name one with --process, or use --format markdown');
  });
});

describe('diagram of every rule fixture', () => {
  it('every design the rule fixtures hold draws diagrams that Mermaid accepts, findings included', async () => {
    const { readFileSync } = await import('node:fs');
    const { reviewSource } = await import('../engine/run.js');
    const { simulateProcess } = await import('../sim/simulate.js');
    const { contextMap, flowDiagram, sequenceDiagram, stateDiagram } = await import('./mermaid.js');
    let drawn = 0;
    for (const rule of readdirSync(path.join(ROOT, 'fixtures', 'rules'))) {
      for (const f of readdirSync(path.join(ROOT, 'fixtures', 'rules', rule)).filter((x) => /\.ya?ml$/.test(x))) {
        const file = path.join(ROOT, 'fixtures', 'rules', rule, f);
        const review = reviewSource({ file, text: readFileSync(file, 'utf8') }, { rules: RULES });
        const design = review.design;
        if (!design || review.findings.some((x) => x.ruleId === 'yaml-syntax' || x.ruleId === 'schema')) continue;
        const texts = [contextMap(design, review.findings)];
        for (const p of design.processes.values()) {
          const mine = review.findings.filter((x) => x.path[0] === 'processes' && x.path[1] === p.name);
          texts.push(
            p.pattern === 'saga'
              ? sequenceDiagram(design, p, simulateProcess(design, p), mine)
              : p.pattern === 'process-manager'
                ? stateDiagram(design, p, mine)
                : flowDiagram(design, p, mine),
          );
        }
        for (const t of texts) {
          await expect(mermaid.parse(t), `${rule}/${f}:\n${t}`).resolves.toBeTruthy();
          drawn++;
        }
      }
    }
    expect(drawn).toBeGreaterThan(100);
  });
});
