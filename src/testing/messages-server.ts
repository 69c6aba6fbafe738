import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the server does with one request. */
export type Reply =
  | { readonly kind: 'json'; readonly text: string; readonly stopReason?: string; readonly model?: string }
  | { readonly kind: 'sse'; readonly text: string; readonly chunks?: number; readonly truncate?: boolean; readonly delayMs?: number }
  | { readonly kind: 'status'; readonly status: number; readonly body?: unknown; readonly headers?: Record<string, string> }
  | { readonly kind: 'hang' };

export interface Received {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly raw: string;
  readonly body: Record<string, unknown>;
}

const USAGE = { input_tokens: 2100, output_tokens: 640, cache_read_input_tokens: 1800, cache_creation_input_tokens: 0 };

/**
 * A loopback server that speaks the Anthropic Messages API well enough for the real SDK: plain
 * JSON answers, server-sent event streams (whole or cut off), error statuses and a request that
 * never answers. Each request takes the next reply of the script (the last one repeats).
 */
export class MessagesServer {
  readonly received: Received[] = [];
  private readonly server: Server;
  private readonly open = new Set<ServerResponse>();
  private script: Reply[] = [];

  constructor() {
    this.server = createServer((req, res) => {
      let raw = '';
      req.setEncoding('utf8');
      req.on('data', (d: string) => (raw += d));
      req.on('end', () => {
        let body: Record<string, unknown> = {};
        try {
          body = JSON.parse(raw) as Record<string, unknown>;
        } catch {
          // recorded as it came
        }
        this.received.push({ path: req.url ?? '', headers: req.headers, raw, body });
        const reply = this.script.length > 1 ? (this.script.shift() as Reply) : this.script[0];
        this.open.add(res);
        res.on('close', () => this.open.delete(res));
        this.answer(res, reply ?? { kind: 'status', status: 500 }, String(body.model ?? 'claude-test'));
      });
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const res of this.open) res.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The replies for the next requests, in order. */
  reply(...replies: Reply[]): void {
    this.script = replies;
    this.received.length = 0;
  }

  private answer(res: ServerResponse, reply: Reply, model: string): void {
    const id = `msg_test_${this.received.length}`;
    switch (reply.kind) {
      case 'hang':
        return; // never answers; the client must give up on its own
      case 'status':
        res.writeHead(reply.status, { 'content-type': 'application/json', 'request-id': `req_${this.received.length}`, ...reply.headers });
        res.end(
          JSON.stringify(
            reply.body ?? {
              type: 'error',
              error: {
                type: reply.status === 429 ? 'rate_limit_error' : reply.status === 401 ? 'authentication_error' : 'api_error',
                message: `status ${reply.status}`,
              },
            },
          ),
        );
        return;
      case 'json':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            id,
            type: 'message',
            role: 'assistant',
            model: reply.model ?? model,
            content: [{ type: 'text', text: reply.text }],
            stop_reason: reply.stopReason ?? 'end_turn',
            stop_sequence: null,
            usage: USAGE,
          }),
        );
        return;
      case 'sse': {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
        send('message_start', {
          type: 'message_start',
          message: {
            id,
            type: 'message',
            role: 'assistant',
            model,
            content: [],
            stop_reason: null,
            stop_sequence: null,
            usage: { ...USAGE, output_tokens: 1 },
          },
        });
        send('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
        const n = reply.chunks ?? 5;
        const size = Math.ceil(reply.text.length / n);
        const pieces: string[] = [];
        for (let i = 0; i < reply.text.length; i += size) pieces.push(reply.text.slice(i, i + size));
        const shown = reply.truncate ? pieces.slice(0, Math.max(1, Math.floor(pieces.length / 2))) : pieces;
        const finish = () => {
          if (reply.truncate) {
            // The connection closes in the middle of the answer (no final chunk, no message_stop), after
            // what was sent: a FIN, not a reset, so that the client reads every byte before the end.
            res.socket?.end();
            return;
          }
          send('content_block_stop', { type: 'content_block_stop', index: 0 });
          send('message_delta', {
            type: 'message_delta',
            delta: { stop_reason: 'end_turn', stop_sequence: null },
            usage: { output_tokens: USAGE.output_tokens },
          });
          send('message_stop', { type: 'message_stop' });
          res.end();
        };
        // Slowly, when asked: a terminal can then be seen showing the progress.
        const next = (i: number) => {
          if (i >= shown.length) return finish();
          send('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: shown[i] } });
          if (reply.delayMs) setTimeout(() => next(i + 1), reply.delayMs);
          else next(i + 1);
        };
        next(0);
      }
    }
  }
}
