import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, run } from '../testing/cli.js';

const DOCS = ['streetlights-mqtt-2.6.yml', 'streetlights-mqtt-3.1.yml', 'slack-rtm-2.6.yml'].map((f) => `fixtures/asyncapi/${f}`);
const dir = mkdtempSync(path.join(tmpdir(), 'eda-asyncapi-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Json {
  findings: { ruleId: string; line: number; column: number; file: string; message: string }[];
}

describe('import asyncapi', () => {
  it.each(DOCS)('%s becomes a valid design with the schema line on top and TODOs for what AsyncAPI cannot say', (doc) => {
    const r = run(['import', 'asyncapi', doc]);
    expect(r.status).toBe(0);
    // From the repository, the schema is the running package's own, relative to the working folder.
    expect(r.stdout.split('\n')[0]).toBe('# yaml-language-server: $schema=./schemas/design.schema.json');
    expect(r.stdout).toContain('# TODO processes: AsyncAPI describes messages');
    expect(r.stdout).toContain('# TODO publishing: outbox | event-store | direct');
    const design = parse(r.stdout) as Record<string, unknown>;
    expect(design.version).toBe(1);
    expect(design).not.toHaveProperty('processes');
    expect(design).not.toHaveProperty('compensations');
    // The design reviews without a syntax or schema finding.
    const review = run(['review', '-', '--format', 'json'], {}, r.stdout);
    const findings = (JSON.parse(review.stdout) as Json).findings;
    expect(findings.filter((f) => f.ruleId === 'schema' || f.ruleId === 'yaml-syntax' || f.ruleId === 'unknown-reference')).toEqual([]);
  });

  it('reads the streetlights API the same in AsyncAPI 2.6 and 3.1: who sends and receives what, in the source order', () => {
    const [v2, v3] = DOCS.slice(0, 2).map((d) => parse(run(['import', 'asyncapi', d]).stdout) as Record<string, Record<string, Record<string, unknown>>>);
    for (const d of [v2, v3]) {
      expect(Object.keys(d?.services ?? {})).toEqual(['StreetlightsMqttApi', 'StreetlightsMqttApiReceivers']);
      expect(d?.services?.StreetlightsMqttApi?.subscribes).toEqual(['LightMeasured']);
      expect(Object.keys(d?.commands ?? {})).toEqual(['TurnOnOff', 'DimLight']);
      expect(d?.commands?.DimLight).toMatchObject({ handledBy: 'StreetlightsMqttApiReceivers', fields: ['percentage?', 'sentAt?'] });
      expect(d?.events?.LightMeasured).toMatchObject({ source: 'external', fields: ['lumens?', 'sentAt?'] });
      expect(d?.infrastructure).toEqual({ messaging: { broker: 'other' } });
    }
    expect({ ...v2, description: '' }).toEqual({ ...v3, description: '' });
  });

  it('reads an event stream as events: Slack RTM sends 46 kinds of event and receives one message', () => {
    const d = parse(run(['import', 'asyncapi', DOCS[2] as string]).stdout) as {
      services: Record<string, unknown>;
      commands?: unknown;
      events: Record<string, { producedBy?: string; source?: string }>;
    };
    expect(Object.keys(d.services)).toEqual(['SlackRealTimeMessagingApi']);
    expect(d.commands).toBeUndefined();
    expect(Object.keys(d.events)).toHaveLength(47);
    expect(d.events.ChannelArchive).toMatchObject({ producedBy: 'SlackRealTimeMessagingApi' });
    expect(d.events.OutgoingMessage).toMatchObject({ source: 'external' });
  });

  it('maps an AsyncAPI 3 reply to events that reply to the request (1.1), on the side that sends the request and on the side that answers it', () => {
    const doc = 'fixtures/asyncapi/ping-request-reply-3.0.yml';
    const asker = parse(run(['import', 'asyncapi', doc]).stdout) as Record<string, Record<string, Record<string, unknown>>>;
    expect(asker.commands?.SendPing).toMatchObject({ handledBy: 'PingServiceReceivers', fields: ['pingId'] });
    expect(asker.events?.PingAnswered).toMatchObject({ producedBy: 'PingServiceReceivers', replyTo: 'SendPing', fields: ['pingId', 'answeredAt?'] });
    expect(asker.events?.AccountDisabled).toMatchObject({ producedBy: 'PingServiceReceivers', replyTo: 'SendPing' });
    // A reply is sent back, not published: the requester does not subscribe to it.
    expect(asker.services?.PingService).not.toHaveProperty('subscribes');
    // The answering side: it receives the request and sends the reply.
    const answering = path.join(dir, 'pong-service.yml');
    writeFileSync(
      answering,
      readFileSync(path.join(ROOT, doc), 'utf8').replace('title: Ping Service', 'title: Pong Service').replace('action: send', 'action: receive'),
    );
    const answerer = parse(run(['import', 'asyncapi', answering]).stdout) as Record<string, Record<string, Record<string, unknown>>>;
    expect(answerer.commands?.SendPing).toMatchObject({ handledBy: 'PongService' });
    expect(answerer.events?.PingAnswered).toMatchObject({ producedBy: 'PongService', replyTo: 'SendPing' });
    expect(Object.keys(answerer.services ?? {})).toEqual(['PongService']);
    // Reviewed in memory the same way: no reference left unresolved, the reply not reported as an orphan.
    for (const file of [doc, answering]) {
      const findings = (JSON.parse(run(['review', file, '--format', 'json']).stdout) as Json).findings;
      expect(findings.filter((f) => ['schema', 'unknown-reference', 'orphan-event', 'unproduced-event'].includes(f.ruleId))).toEqual([]);
    }
  });

  it('resolves $refs to files beside the document, takes contexts from x-context, and never fetches remote $refs', () => {
    writeFileSync(
      path.join(dir, 'messages.yaml'),
      'OrderPlaced:\n  name: orderPlaced\n  payload:\n    type: object\n    required: [orderId]\n    properties:\n      orderId: { type: string }\n      total: { type: number }\n',
    );
    const doc = path.join(dir, 'orders.yaml');
    writeFileSync(
      doc,
      [
        'asyncapi: 3.0.0',
        'info: { title: Orders Service, version: 1.0.0, x-context: Ordering }',
        'servers:',
        '  prod: { host: kafka.local:9092, protocol: kafka }',
        'channels:',
        '  orders:',
        '    address: orders',
        '    messages:',
        "      orderPlaced: { $ref: './messages.yaml#/OrderPlaced' }",
        "      remote: { $ref: 'https://example.invalid/messages.yaml#/Remote' }",
        'operations:',
        '  publishOrderPlaced:',
        '    action: send',
        "    channel: { $ref: '#/channels/orders' }",
        "    messages: [{ $ref: '#/channels/orders/messages/orderPlaced' }]",
        '',
      ].join('\n'),
    );
    const started = Date.now();
    const r = run(['import', 'asyncapi', doc]);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('the remote $ref https://example.invalid/messages.yaml');
    expect(r.stderr).toContain('was not fetched');
    const d = parse(r.stdout) as { contexts: unknown; services: Record<string, unknown>; events: Record<string, unknown>; infrastructure: unknown };
    expect(d.contexts).toEqual({ Ordering: {} });
    expect(d.services.OrdersService).toMatchObject({ context: 'Ordering' });
    expect(d.events.OrderPlaced).toMatchObject({ producedBy: 'OrdersService', visibility: 'external', fields: ['orderId', 'total?'] });
    expect(d.infrastructure).toEqual({ messaging: { broker: 'kafka' } });
  });

  it('reads JSON as well as YAML, and a context tag on info', () => {
    const v3 = parse(readFileSync(path.join(ROOT, DOCS[1] as string), 'utf8')) as { info: Record<string, unknown> };
    v3.info.tags = [{ name: 'context:Street Lighting' }];
    const json = path.join(dir, 'streetlights.json');
    writeFileSync(json, JSON.stringify(v3, null, 2));
    const r = run(['import', 'asyncapi', json]);
    expect(r.status).toBe(0);
    const d = parse(r.stdout) as { contexts: unknown; services: Record<string, { context?: string }>; commands: Record<string, unknown> };
    expect(d.contexts).toEqual({ StreetLighting: {} });
    expect(d.services.StreetlightsMqttApi?.context).toBe('StreetLighting');
    expect(Object.keys(d.commands)).toEqual(['TurnOnOff', 'DimLight']);
    const review = JSON.parse(run(['review', json, '--format', 'json']).stdout) as Json;
    const lines = readFileSync(json, 'utf8').split('\n');
    const retry = review.findings.find((f) => f.ruleId === 'missing-retry-policy');
    expect(lines[(retry?.line ?? 0) - 1]).toContain('"production"');
  });

  it('writes --output whole, and does not overwrite without --force', () => {
    const out = path.join(dir, 'design.yaml');
    expect(run(['import', 'asyncapi', DOCS[0] as string, '--output', out]).status).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('StreetlightsMqttApi:');
    writeFileSync(out, 'keep me\n');
    const again = run(['import', 'asyncapi', DOCS[0] as string, '--output', out]);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('exists; choose another --output or add --force');
    expect(readFileSync(out, 'utf8')).toBe('keep me\n');
    expect(run(['import', 'asyncapi', DOCS[0] as string, '--output', out, '--force']).status).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('StreetlightsMqttApi:');
    const bad = run(['import', 'asyncapi', DOCS[0] as string, '--output', path.join(dir, 'missing', 'd.yaml')]);
    expect(bad.status).toBe(2);
    expect(existsSync(path.join(dir, 'missing'))).toBe(false);
  });

  it('an invalid AsyncAPI document: its problems with line and column, exit 1, nothing converted', () => {
    const doc = path.join(dir, 'broken.yaml');
    writeFileSync(doc, 'asyncapi: 3.0.0\ninfo:\n  title: Broken\nchannels: 12\n');
    const r = run(['import', 'asyncapi', doc]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/broken\.yaml:\d+:\d+: /);
    expect(r.stderr).toContain('is not a valid AsyncAPI document; nothing was converted.');
    const review = run(['review', doc, '--format', 'json']);
    expect(review.status).toBe(1);
    const f = (JSON.parse(review.stdout) as Json).findings;
    expect(f.length).toBeGreaterThan(0);
    expect(f.every((x) => x.ruleId === 'schema' && x.message.startsWith('Not valid AsyncAPI:'))).toBe(true);
  });
});

describe('the AsyncAPI reader (without @asyncapi/parser)', () => {
  const design = (doc: string) => {
    const r = run(['import', 'asyncapi', doc]);
    expect(r.status, r.stderr).toBe(0);
    return parse(r.stdout) as Record<string, Record<string, Record<string, unknown>>>;
  };

  it('names messages as the parser did: a component by its key, a messageId, anonymous ones in operation order; traits and root tags (2.x)', () => {
    const d = design('fixtures/asyncapi/naming-2.6.yml');
    expect(d.contexts).toEqual({ Payments: {} });
    expect(Object.keys(d.events ?? {})).toEqual(['ChargeCompleted', 'ChargeFailedId', 'AnonymousMessage1', 'AnonymousMessage2']);
    expect(d.events?.ChargeCompleted).toMatchObject({
      producedBy: 'BillingApi',
      visibility: 'external',
      fields: ['chargeId', 'total?'],
      'x-asyncapi': { message: 'ChargeCompleted' },
    });
    expect(d.events?.AnonymousMessage1).toMatchObject({ fields: ['x?'], 'x-asyncapi': { message: '<anonymous-message-1>' } });
    expect(d.events?.AnonymousMessage2).toMatchObject({ source: 'external' });
    expect(d.commands?.RefundCharge).toMatchObject({ handledBy: 'BillingApi', fields: ['chargeId', 'amount?'] });
    expect(d.infrastructure).toEqual({ messaging: { broker: 'rabbitmq' } });
  });

  it('reads 3.x operations from components, replies on a channel without address, and an operation without messages', () => {
    const d = design('fixtures/asyncapi/operations-3.0.yml');
    expect(d.contexts).toEqual({ Logistics: {} });
    expect(d.commands?.ShipOrder).toMatchObject({ handledBy: 'ShippingService', 'x-asyncapi': { channels: ['shipments.v1'] } });
    expect(d.commands?.AuditEntry).toMatchObject({ handledBy: 'ShippingServiceReceivers', fields: ['who?'] });
    expect(d.events?.ShipmentAccepted).toMatchObject({ producedBy: 'ShippingService', replyTo: 'ShipOrder', 'x-asyncapi': { channels: ['replies'] } });
    expect(d.events?.OrderShipped).toMatchObject({ producedBy: 'ShippingService', visibility: 'external', fields: ['orderId', 'at?'] });
    expect(d.infrastructure).toEqual({ messaging: { broker: 'kafka' } });
  });

  it('validates against the AsyncAPI JSON Schema of the version: what to fix, where, without the alternatives a value did not take', () => {
    const doc = path.join(dir, 'invalid-2.6.yaml');
    writeFileSync(doc, 'asyncapi: 2.6.0\ninfo:\n  title: Broken\nchannels:\n  a:\n    publish:\n      message:\n        payload: 3\n        foo: 1\n');
    const r = run(['import', 'asyncapi', doc]);
    expect(r.status).toBe(1);
    const shown = doc.split(path.sep).join('/');
    expect(r.stderr.replaceAll(shown, 'doc')).toBe(
      [
        "doc:2:1: 'info' is missing the required property 'version' (asyncapi-schema)",
        "doc:8:18: 'channels.a.publish.message.payload' must be object or boolean (asyncapi-schema)",
        "doc:9:14: 'channels.a.publish.message.foo' is not a property AsyncAPI knows here (extensions start with x-) (asyncapi-schema)",
        'eda-advisor: doc is not a valid AsyncAPI document; nothing was converted.',
        '',
      ].join('\n'),
    );
  });

  it('is not @asyncapi/parser: the package is not a dependency', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(Object.keys(pkg.dependencies)).not.toContain('@asyncapi/parser');
  });
});

describe('review of an AsyncAPI document', () => {
  it.each(DOCS)('%s: findings point at lines of the AsyncAPI file, inside it', (doc) => {
    const r = run(['review', doc, '--format', 'json']);
    expect([0, 1]).toContain(r.status);
    const findings = (JSON.parse(r.stdout) as Json).findings;
    expect(findings.length).toBeGreaterThan(0);
    const lines = readFileSync(path.join(ROOT, doc), 'utf8').split('\n');
    for (const f of findings) {
      expect(f.file).toBe(doc);
      expect(f.line).toBeLessThanOrEqual(lines.length);
      expect((lines[f.line - 1] ?? '').length).toBeGreaterThanOrEqual(f.column - 1);
    }
  });

  it('puts each finding on the part of the document it comes from', () => {
    const doc = DOCS[0] as string;
    const findings = (JSON.parse(run(['review', doc, '--format', 'json']).stdout) as Json).findings;
    const lines = readFileSync(path.join(ROOT, doc), 'utf8').split('\n');
    const at = (rule: string, what: string) => findings.filter((f) => f.ruleId === rule && f.message.includes(what)).map((f) => lines[f.line - 1]?.trim());
    expect(at('missing-dead-letter', "'StreetlightsMqttApi' consumes")).toEqual(['title: Streetlights MQTT API']);
    expect(at('missing-dead-letter', "'StreetlightsMqttApiReceivers' consumes")).toEqual(['message:']);
    expect(at('missing-retry-policy', '')[0]).toBe('production:');
  });

  it('reads AsyncAPI from standard input too, and mixes with designs in one run', () => {
    const text = readFileSync(path.join(ROOT, DOCS[1] as string), 'utf8');
    const r = run(['review', '-', 'fixtures/designs/order-saga.yaml', '--format', 'json'], {}, text);
    const findings = (JSON.parse(r.stdout) as Json).findings;
    expect(findings.some((f) => f.file === '<stdin>' && f.ruleId === 'missing-dead-letter')).toBe(true);
    expect(findings.filter((f) => f.file === 'fixtures/designs/order-saga.yaml')).toEqual([]);
  });

  it('standard input that cannot be read is named once, with its own reason, and the other files are still reviewed', () => {
    const r = run(['review', '-', 'fixtures/designs/order-saga.yaml'], {}, '\u0000\u0001binary');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('eda-advisor: <stdin>: is not a text file (a NUL byte at offset 0); a design is a YAML or JSON text file.\n');
    expect(r.stdout).toContain('No problems in 1 file.');
  });
});
