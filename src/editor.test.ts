// The editor path as a user has it: a design written by `init` in a folder of its own, opened in
// yaml-language-server (the server behind VS Code's YAML extension, Neovim's and JetBrains'), driven
// over the Language Server Protocol on stdio. Its schema line must resolve from that folder, and
// the editor must say what the CLI says.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, run } from './testing/cli.js';

interface Diagnostic {
  readonly message: string;
  readonly range: { readonly start: { readonly line: number; readonly character: number } };
}

/** A minimal LSP client: Content-Length framing, requests with ids, the server's own requests answered. */
class LspClient {
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, (result: unknown) => void>();
  private readonly listeners: ((method: string, params: unknown) => void)[] = [];
  constructor(private readonly server: ChildProcessWithoutNullStreams) {
    server.stdout.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      for (;;) {
        const head = this.buffer.indexOf('\r\n\r\n');
        if (head === -1) return;
        const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, head).toString('ascii'))?.[1]);
        if (this.buffer.length < head + 4 + length) return;
        const message = JSON.parse(this.buffer.subarray(head + 4, head + 4 + length).toString('utf8')) as {
          id?: number;
          method?: string;
          params?: unknown;
          result?: unknown;
        };
        this.buffer = this.buffer.subarray(head + 4 + length);
        this.dispatch(message);
      }
    });
  }

  private dispatch(message: { id?: number; method?: string; params?: unknown; result?: unknown }): void {
    if (message.method !== undefined && message.id !== undefined) {
      // workspace/configuration and the like: validation on, no schema store (no network).
      const settings = { validate: true, hover: true, completion: true, schemaStore: { enable: false }, schemas: {} };
      const items = (message.params as { items?: unknown[] } | undefined)?.items ?? [];
      this.send({ jsonrpc: '2.0', id: message.id, result: message.method === 'workspace/configuration' ? items.map(() => settings) : null });
      return;
    }
    if (message.method !== undefined) {
      for (const l of this.listeners) l(message.method, message.params);
      return;
    }
    if (message.id !== undefined) this.pending.get(message.id)?.(message.result);
  }

  private send(message: object): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.server.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
  }

  request(method: string, params: unknown): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** The first diagnostics published for `uri` that satisfy `done`. */
  diagnostics(uri: string, done: (d: readonly Diagnostic[]) => boolean): Promise<readonly Diagnostic[]> {
    return new Promise((resolve) => {
      this.listeners.push((method, params) => {
        const p = params as { uri: string; diagnostics: Diagnostic[] };
        if (method === 'textDocument/publishDiagnostics' && p.uri === uri && done(p.diagnostics)) resolve(p.diagnostics);
      });
    });
  }
}

describe('a design in an editor (yaml-language-server over LSP)', () => {
  const require = createRequire(import.meta.url);
  const serverBin = path.join(path.dirname(require.resolve('yaml-language-server/package.json')), 'bin', 'yaml-language-server');
  const server = spawn(process.execPath, [serverBin, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const client = new LspClient(server);
  afterAll(() => {
    server.kill();
  });

  it('finds the schema from the line init writes, in any folder, and says what the CLI says', async () => {
    const project = mkdtempSync(path.join(tmpdir(), 'eda-advisor-editor-'));
    const file = path.join(project, 'docs', 'design', 'orders.yaml');
    mkdirSync(path.dirname(file), { recursive: true });
    expect(run(['init', file]).status).toBe(0);
    const text = readFileSync(file, 'utf8').replace('timeout: 15m', 'timeout: 15 minutes');
    writeFileSync(file, text);
    const line = text.split('\n').findIndex((l) => l.includes('timeout: 15 minutes'));

    await client.request('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(project).href,
      capabilities: { textDocument: { publishDiagnostics: {} }, workspace: { configuration: true } },
      workspaceFolders: [{ uri: pathToFileURL(project).href, name: 'project' }],
    });
    client.notify('initialized', {});
    client.notify('workspace/didChangeConfiguration', { settings: { yaml: { validate: true, schemaStore: { enable: false }, schemas: {} } } });
    const uri = pathToFileURL(file).href;
    const published = client.diagnostics(uri, (d) => d.length > 0);
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const diagnostics = await published;

    // One diagnostic, on the duration, in the schema's words; the CLI's finding has the same words.
    expect(diagnostics.map((d) => [d.range.start.line, d.message])).toEqual([
      [line, expect.stringContaining('must be a duration: a number with a unit ms, s, m, h or d')],
    ]);
    const schema = JSON.parse(readFileSync(path.join(ROOT, 'schemas', 'design.schema.json'), 'utf8')) as {
      definitions: { duration: { patternErrorMessage: string } };
    };
    expect(diagnostics[0]?.message).toBe(schema.definitions.duration.patternErrorMessage);
    const cli = run(['review', file, '--format', 'json']);
    const finding = (JSON.parse(cli.stdout) as { findings: { line: number; message: string }[] }).findings[0];
    expect(finding?.line).toBe(line + 1);
    expect(finding?.message).toBe(`processes.PlaceOrder.timeout ${schema.definitions.duration.patternErrorMessage.replace(/\.$/, '')}; got '15 minutes'.`);
  }, 30_000);
});
