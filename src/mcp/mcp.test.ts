import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, run } from '../testing/cli.js';

const BIN = path.join(ROOT, 'bin', 'eda-advisor.js');
const FLAWED = 'fixtures/designs/flawed-order-saga.yaml';
const SOUND = 'fixtures/designs/order-saga.yaml';

type Json = Record<string, unknown>;

/** A client of the SDK talking to the real server, started as an agent starts it: `eda-advisor mcp` in a folder. */
async function connect(cwd = ROOT): Promise<{ client: Client; transport: StdioClientTransport; stderr: () => string }> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp'], cwd, env: { PATH: process.env.PATH ?? '' }, stderr: 'pipe' });
  let stderr = '';
  transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const client = new Client({ name: 'eda-advisor-tests', version: '1.0.0' });
  await client.connect(transport);
  return { client, transport, stderr: () => stderr };
}

let session: Awaited<ReturnType<typeof connect>>;
beforeAll(async () => {
  session = await connect();
}, 30_000);
afterAll(async () => {
  await session.client.close();
  // Whatever the tests sent, the server never answered with a stack trace.
  expect(session.stderr()).not.toMatch(/\n\s+at .+:\d+:\d+/);
});

const call = async (name: string, args: Json): Promise<CallToolResult> => (await session.client.callTool({ name, arguments: args })) as CallToolResult;
const ok = async (name: string, args: Json): Promise<Json> => {
  const r = await call(name, args);
  expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
  // The text is the structured content, for clients that read text only.
  expect(JSON.parse((r.content[0] as { text: string }).text)).toEqual(r.structuredContent);
  return r.structuredContent as Json;
};
/** A tool error: one line, said to the client, and the server goes on. */
const refused = async (name: string, args: Json): Promise<string> => {
  const r = await call(name, args);
  expect(r.isError).toBe(true);
  const text = (r.content[0] as { text: string }).text;
  expect(text.split('\n')).toHaveLength(1);
  return text;
};
const cli = (args: string[]) => JSON.parse(run(args).stdout) as Json;

describe('eda-advisor mcp', () => {
  it('lists its tools, each with a JSON Schema for its input and its output, and its resources', async () => {
    const { tools } = await session.client.listTools();
    expect(tools.map((t) => t.name)).toEqual([
      'review_design',
      'simulate',
      'verify',
      'explain_rule',
      'list_rules',
      'get_schema',
      'init_design',
      'guidance',
      'propose_fix',
    ]);
    for (const t of tools) {
      expect(t.inputSchema.type).toBe('object');
      expect(t.outputSchema?.type).toBe('object');
      expect(t.description?.length).toBeGreaterThan(40);
      expect(t.annotations).toMatchObject({ readOnlyHint: true, openWorldHint: false });
    }
    const { resources } = await session.client.listResources();
    expect(resources.map((r) => r.uri)).toEqual([
      'eda-advisor://spec/design-format',
      'eda-advisor://spec/rules',
      'eda-advisor://spec/rules-extensions',
      'eda-advisor://guidance-format',
    ]);
    const format = await session.client.readResource({ uri: 'eda-advisor://spec/design-format' });
    expect((format.contents[0] as { text: string }).text).toBe(readFileSync(path.join(ROOT, 'docs', 'spec', 'design-format.md'), 'utf8'));
    const guidance = await session.client.readResource({ uri: 'eda-advisor://guidance-format' });
    expect((guidance.contents[0] as { text: string }).text).toMatch(/1\. \*\*Scenario Summary\*\*[\s\S]*6\. \*\*Integration Points\*\*/);
    await expect(session.client.readResource({ uri: 'eda-advisor://nothing' })).rejects.toThrow(/no resource 'eda-advisor:\/\/nothing'/);
  });

  it('reviews a design by path or as inline text, with the findings review gives', async () => {
    const byPath = await ok('review_design', { path: FLAWED });
    // The very findings of review --format json, in the same shape.
    expect(byPath.findings).toEqual(cli(['review', FLAWED, '--format', 'json']).findings);
    expect((byPath.findings as Json[])[0]).toMatchObject({
      ruleId: 'missing-outbox',
      severity: 'error',
      path: ['services', 'Orders', 'publishing'],
      hint: expect.stringContaining('outbox'),
    });
    expect(byPath.summary).toEqual({ errors: 6, warnings: 3, infos: 0 });
    const inline = await ok('review_design', { text: readFileSync(path.join(ROOT, FLAWED), 'utf8'), name: 'drafts/order.yaml' });
    expect((inline.findings as { file: string }[]).every((f) => f.file === 'drafts/order.yaml')).toBe(true);
    expect(inline.summary).toEqual(byPath.summary);
    // A design that does not parse is answered with its findings, not an error.
    const broken = await ok('review_design', { text: 'services:\n  A: [\n' });
    expect((broken.findings as { ruleId: string }[])[0]?.ruleId).toBe('yaml-syntax');
  });

  it('simulates, verifies and writes the guidance as data, the same as the commands write JSON', async () => {
    expect(await ok('simulate', { path: SOUND })).toEqual(cli(['simulate', SOUND, '--format', 'json']));
    expect(await ok('verify', { path: 'fixtures/verify/flawed-lost-message.yaml' })).toEqual(
      cli(['verify', 'fixtures/verify/flawed-lost-message.yaml', '--format', 'json']),
    );
    const narrowed = await ok('verify', { path: SOUND, faults: ['duplicate'], maxStates: 50, depth: 5, maxFaults: 1 });
    expect(narrowed.bounds).toEqual({ maxStates: 50, depth: 5, maxFaults: 1, faults: ['duplicate'] });
    expect(await ok('guidance', { path: SOUND })).toEqual(cli(['guidance', SOUND, '--format', 'json']));
    const one = await ok('simulate', { path: SOUND, failAt: 'authorize-card' });
    expect(JSON.stringify(one)).toContain('authorize-card');
  });

  it('explains and lists the rules, gives the schema and a starter, as the commands do', async () => {
    const explained = await ok('explain_rule', { id: 'missing-outbox' });
    expect(explained.markdown).toBe(run(['explain', 'missing-outbox', '--format', 'markdown']).stdout);
    expect(explained).toMatchObject({ id: 'missing-outbox', severity: 'error', why: expect.any(String), fix: expect.any(String) });
    expect((explained.examples as unknown[]).length).toBeGreaterThan(0);
    expect((await ok('explain_rule', { id: 'verify/duplicate-effect' })).markdown).toBe(
      run(['explain', 'verify/duplicate-effect', '--format', 'markdown']).stdout,
    );
    const listed = (await ok('list_rules', {})).rules as { id: string; fixable: boolean }[];
    expect(listed.map((r) => r.id)).toEqual((JSON.parse(run(['rules', '--format', 'json']).stdout) as { id: string }[]).map((r) => r.id));
    expect(listed.filter((r) => r.fixable).map((r) => r.id)).toContain('missing-outbox');
    expect((await ok('get_schema', {})).schema).toEqual(JSON.parse(readFileSync(path.join(ROOT, 'schemas', 'design.schema.json'), 'utf8')));
    const starter = await ok('init_design', { pattern: 'process-manager' });
    expect(starter.text).toBe(run(['init', '-', '--pattern', 'process-manager']).stdout);
  });

  it('proposes fixes that keep comments and formatting, and whose patched design no longer has those findings', async () => {
    const text = readFileSync(path.join(ROOT, FLAWED), 'utf8');
    const proposal = await ok('propose_fix', { path: FLAWED });
    const fixes = proposal.fixes as { change: string; findings: { ruleId: string; messageId: string; path: unknown[] }[] }[];
    expect(fixes.map((f) => f.change)).toEqual([
      'set services.Orders.publishing to outbox',
      'set services.Payments.publishing to outbox',
      "add the command UndoReserveStock (handled by 'Stock', with the fields of ReserveStock) and compensations.ReserveStock that sends it",
    ]);
    const patched = proposal.patched as string;
    // Every line of the original is still there (comments included), in order; the fixes only add or change lines.
    const kept = text.split('\n').filter((l) => !l.includes('publishing: direct'));
    let at = 0;
    for (const line of patched.split('\n')) if (line === kept[at]) at++;
    expect(at).toBe(kept.length);
    expect(proposal.diff).toContain('\n-    publishing: direct\n+    publishing: outbox\n');
    expect(patched).toContain('compensations:\n  ReserveStock: { command: UndoReserveStock }\n\nprocesses:');
    // The fixed findings are gone from the review of the patched text; the others are left, and said to have no fix.
    const after = (proposal.review as { findings: { ruleId: string; messageId: string; path: unknown[] }[] }).findings;
    for (const fixed of fixes.flatMap((f) => f.findings)) expect(after).not.toContainEqual(expect.objectContaining({ ruleId: fixed.ruleId, path: fixed.path }));
    expect(after.some((f) => f.ruleId === 'missing-outbox' || f.ruleId === 'missing-compensation')).toBe(false);
    expect((proposal.notFixed as { reason: string }[]).length).toBe(after.length);
    // Nothing was written.
    expect(readFileSync(path.join(ROOT, FLAWED), 'utf8')).toBe(text);
  });

  it('fixes the rest of its catalogue: a retry policy, a dead-letter queue, a deadline, a version', async () => {
    const text = [
      '# A draft: every fix has a finding here.',
      'version: 1',
      'name: draft',
      'services:',
      '  Orders: { persistence: state-stored, publishing: outbox, consumers: { idempotent: true } }',
      '  Stock: { persistence: state-stored, publishing: outbox, consumers: { idempotent: true } }',
      'commands:',
      '  ReserveStock: { handledBy: Stock, fields: [orderId], idempotencyKey: orderId }',
      '  ReleaseStock: { handledBy: Stock, fields: [orderId], idempotencyKey: orderId }',
      'events:',
      '  OrderPlaced: { producedBy: Orders, fields: [orderId] }',
      '  StockReserved: { producedBy: Stock, visibility: external, fields: [orderId] }  # read by Shipping',
      '  StockRanOut: { producedBy: Stock, fields: [orderId] }',
      'compensations:',
      '  ReserveStock: { command: ReleaseStock }',
      'processes:',
      '  Place:',
      '    pattern: saga',
      '    coordinator: Orders',
      '    startedBy: OrderPlaced',
      '    correlationKey: orderId',
      '    steps:',
      '      - { name: reserve, command: ReserveStock, onSuccess: StockReserved, onFailure: [StockRanOut] }',
      'infrastructure:',
      '  messaging: { broker: kafka, durable: true, delivery: at-least-once }',
      '  observability: { correlation: true, tracing: opentelemetry, metrics: true }',
      '',
    ].join('\n');
    const before = (await ok('review_design', { text })).findings as { ruleId: string }[];
    for (const id of ['missing-retry-policy', 'missing-dead-letter', 'missing-timeout', 'external-event-contract'])
      expect(before.map((f) => f.ruleId)).toContain(id);
    const proposal = await ok('propose_fix', { text });
    const changes = (proposal.fixes as { change: string }[]).map((f) => f.change);
    expect(changes).toEqual(
      expect.arrayContaining([
        "declare the retry policy 'default' (5 attempts, exponential backoff from 100ms to 10s) and make it infrastructure.defaultRetry",
        "set infrastructure.deadLetter to the queue 'draft-dlq' after 5 deliveries",
        'give processes.Place a deadline of 1h (tune it)',
        'set events.StockReserved.version to 1',
      ]),
    );
    const patched = proposal.patched as string;
    expect(patched).toContain('  StockReserved: { producedBy: Stock, visibility: external, fields: [orderId], version: 1 }  # read by Shipping');
    expect(patched).toContain('    correlationKey: orderId\n    steps:');
    expect(patched).toContain('    timeout: 1h\n');
    expect(patched).toContain(
      '  retryPolicies:\n    default: { maxAttempts: 5, backoff: exponential, initialDelay: 100ms, maxDelay: 10s }\n  defaultRetry: default\n',
    );
    const after = (proposal.review as { findings: { ruleId: string; messageId: string }[] }).findings;
    for (const id of ['missing-retry-policy', 'missing-dead-letter', 'missing-timeout']) expect(after.map((f) => f.ruleId)).not.toContain(id);
    expect(after).not.toContainEqual(expect.objectContaining({ ruleId: 'external-event-contract', messageId: 'noVersion' }));
    // Only one rule's findings, on request.
    const only = await ok('propose_fix', { text, ruleId: 'missing-dead-letter' });
    expect((only.fixes as unknown[]).length).toBe(1);
    // Fixed once, there is nothing left to fix the same way.
    expect(await ok('propose_fix', { text: patched })).toMatchObject({ fixes: [], diff: '' });
  });

  it('answers bad input with a one-line tool error and goes on serving', async () => {
    expect(await refused('review_design', { path: '../outside.yaml' })).toMatch(
      /^the path '\.\.\/outside\.yaml' is outside the server's working folder .+; name a file inside it\.$/,
    );
    expect(await refused('review_design', { path: '/etc/passwd' })).toContain('is outside the server');
    expect(await refused('review_design', { path: SOUND, text: 'version: 1' })).toBe("give the design as 'path' or as 'text', one of the two.");
    expect(await refused('review_design', {})).toBe("give the design as 'path' or as 'text', one of the two.");
    expect(await refused('review_design', { path: 'fixtures/none.yaml' })).toMatch(/fixtures\/none\.yaml: /);
    expect(await refused('review_design', { path: SOUND, config: '../x.yaml' })).toContain('is outside the server');
    expect(await refused('review_design', { text: 'x: 1', name: '../../escape.yaml' })).toContain('is outside the server');
    expect(await refused('review_design', { path: 3 })).toBe("review_design: 'path' must be string.");
    expect(await refused('review_design', { file: SOUND })).toBe("review_design: must NOT have additional properties ('file').");
    expect(await refused('simulate', { text: 'services: [' })).toBe(
      'design.yaml cannot be simulated until it parses and follows the schema; review_design lists its findings.',
    );
    expect(await refused('simulate', { path: SOUND, process: 'Nope' })).toMatch(/Nope/);
    expect(await refused('verify', { path: SOUND, faults: ['crash'] })).toMatch(/^verify: 'faults\.0' must be equal to one of the allowed values\.$/);
    expect(await refused('explain_rule', { id: 'missing-outbx' })).toBe("'missing-outbx' is not a rule id — did you mean 'missing-outbox'?");
    expect(await refused('init_design', { pattern: 'workflow' })).toContain("'pattern' must be equal to one of the allowed values");
    // Inline text has the size limit of a file.
    expect(await refused('review_design', { text: `# ${'x'.repeat(10 * 1024 * 1024)}\n` })).toMatch(/over the 10485760-byte limit for a design file/);
    // An unknown tool is a protocol error, as the specification has it.
    await expect(session.client.callTool({ name: 'review', arguments: {} })).rejects.toThrow(
      /'review' is not a tool — did you mean 'review_design'\? The tools are review_design, /,
    );
    expect((await ok('review_design', { path: SOUND })).summary).toEqual({ errors: 0, warnings: 0, infos: 0 });
  }, 60_000);

  it('answers 100 calls in a row without its memory growing more than a few MB', async () => {
    const pid = session.transport.pid as number;
    const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 'NaN') / 1024;
    for (let i = 0; i < 20; i++) await ok('review_design', { path: FLAWED });
    const start = rss();
    for (let i = 0; i < 100; i++) await ok(i % 2 === 0 ? 'review_design' : 'simulate', { path: i % 2 === 0 ? FLAWED : SOUND });
    const grown = rss() - start;
    console.log(`mcp: RSS grew ${grown.toFixed(1)} MB over 100 calls (from ${start.toFixed(1)} MB)`);
    expect(grown).toBeLessThan(8);
  }, 120_000);
});

describe('eda-advisor mcp on a raw pipe', () => {
  /** The server spawned bare, fed lines; what it wrote, and how it ended. */
  // A server that does not end fails its test by the test's timeout; it is not left running after it.
  const children: ReturnType<typeof spawn>[] = [];
  afterEach(() => {
    for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  });
  function raw(lines: readonly string[], opts: { hangUp?: boolean } = {}): Promise<{ stdout: string; stderr: string; code: number | null }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [BIN, 'mcp'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '' } });
      children.push(child);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString('utf8');
        // The client that disappears: gone the moment the server first answers.
        if (opts.hangUp) {
          child.stdout.destroy();
          child.stdin.destroy();
        }
      });
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
      // The server ending is the condition waited for.
      child.on('close', (code) => resolve({ stdout, stderr, code }));
      for (const line of lines) child.stdin.write(`${line}\n`);
      if (!opts.hangUp) child.stdin.end();
    });
  }
  const initialize = JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
  });
  const initialized = JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' });

  it('sets aside what is not JSON-RPC, answers what follows, and ends when its input does', async () => {
    const review = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'review_design', arguments: { path: SOUND } } });
    const r = await raw(['this is not json', '{"jsonrpc": "2.0", "id": 9}', initialize, initialized, review]);
    expect(r.code).toBe(0);
    const answers = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: number; result?: Json });
    expect(answers.map((a) => a.id)).toEqual([1, 2]);
    expect(answers[0]?.result).toMatchObject({ serverInfo: { name: 'eda-advisor' }, instructions: expect.stringContaining('review_design') });
    expect(JSON.stringify(answers[1]?.result)).toContain('"errors":0');
    expect(r.stderr).toMatch(/^eda-advisor mcp: /);
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });

  it('ends quietly when the client disappears in the middle of a call', async () => {
    const verify = JSON.stringify({
      jsonrpc: '2.0',
      id: 2,
      method: 'tools/call',
      params: { name: 'verify', arguments: { path: 'fixtures/designs/kafka-streams-order-join.yaml' } },
    });
    const r = await raw([initialize, initialized, verify], { hangUp: true });
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(r.stderr).not.toContain('internal error');
  });

  it('reads paths inside its own working folder, whatever it is', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eda-mcp-'));
    writeFileSync(path.join(dir, 'design.yaml'), readFileSync(path.join(ROOT, FLAWED), 'utf8'));
    const other = await connect(dir);
    try {
      const r = (await other.client.callTool({ name: 'review_design', arguments: { path: 'design.yaml' } })) as CallToolResult;
      expect((r.structuredContent as { file: string }).file).toBe('design.yaml');
      const out = (await other.client.callTool({ name: 'review_design', arguments: { path: path.join(ROOT, SOUND) } })) as CallToolResult;
      expect(out.isError).toBe(true);
    } finally {
      await other.client.close();
    }
  });
});
