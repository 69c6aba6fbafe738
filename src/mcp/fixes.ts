import { isMap, isScalar, parseDocument, type Document, type Node, type YAMLMap } from 'yaml';
import type { Finding } from '../findings.js';
import { uncompensatedCommands } from '../model/graph.js';
import { DESIGN_KEYS } from '../parse/schema.js';
import type { Design } from '../model/types.js';

/**
 * Mechanical fixes for the findings that have one, as edits to the design's text: a key added to a
 * map, or a scalar replaced. Only the lines a fix touches change; comments, quoting, blank lines and
 * the order of keys stay as they are (the text is spliced, never re-printed).
 */

/** One change a fix makes, said as a designer would write it. */
export interface Edit {
  /** Where the value goes: `services.Payments.publishing`. */
  readonly at: readonly string[];
  /** The value, as YAML written on one line (a scalar or a flow collection). */
  readonly value: string;
}

/** What a finding's fix does: its edits, and why in one line. */
export interface PlannedFix {
  /** Findings with the same key share one fix (one defaultRetry answers every missing-retry-policy). */
  readonly key: string;
  readonly says: string;
  readonly edits: readonly Edit[];
}

export const FIXABLE: Readonly<Record<string, string>> = {
  'missing-outbox': 'publishing: outbox (or the event store) on the service',
  'missing-retry-policy': 'a default retry policy (infrastructure.retryPolicies and defaultRetry)',
  'missing-dead-letter': 'infrastructure.deadLetter with a queue named after the design',
  'missing-timeout': 'a process deadline (timeout: 1h, to be tuned)',
  'missing-compensation': "a compensating command handled by the step's handler, and its compensations entry (saga steps)",
  'external-event-contract': 'version: 1 on an external event (a contract without a version)',
};

/** The fix of one finding, or why it has none. */
export function planFix(design: Design, finding: Finding): PlannedFix | { readonly reason: string } {
  const d = finding.data ?? {};
  const str = (k: string) => (typeof d[k] === 'string' ? (d[k] as string) : undefined);
  switch (`${finding.ruleId}/${finding.messageId}`) {
    case 'missing-outbox/direct':
    case 'missing-outbox/undeclared': {
      const service = str('service');
      if (!service) break;
      const value = str('suggested') === 'event-store' ? 'event-store' : 'outbox';
      return {
        key: `publishing:${service}`,
        says: `set services.${service}.publishing to ${value}`,
        edits: [{ at: ['services', service, 'publishing'], value }],
      };
    }
    case 'missing-retry-policy/nowhere':
    case 'missing-retry-policy/step':
    case 'missing-retry-policy/consumer': {
      const policies = [...design.infrastructure.retryPolicies.keys()];
      if (design.infrastructure.defaultRetry) return { reason: 'a defaultRetry is declared; name a policy on the step or the consumers by hand' };
      const existing = policies[0];
      if (existing !== undefined)
        return {
          key: 'defaultRetry',
          says: `set infrastructure.defaultRetry to '${existing}'`,
          edits: [{ at: ['infrastructure', 'defaultRetry'], value: existing }],
        };
      return {
        key: 'defaultRetry',
        says: "declare the retry policy 'default' (5 attempts, exponential backoff from 100ms to 10s) and make it infrastructure.defaultRetry",
        edits: [
          { at: ['infrastructure', 'retryPolicies', 'default'], value: '{ maxAttempts: 5, backoff: exponential, initialDelay: 100ms, maxDelay: 10s }' },
          { at: ['infrastructure', 'defaultRetry'], value: 'default' },
        ],
      };
    }
    case 'missing-dead-letter/missing': {
      if (design.infrastructure.deadLetter) return { reason: "infrastructure.deadLetter is declared; set the service's consumers.deadLetter by hand" };
      const queue = `${(design.name ?? 'design').replace(/[^A-Za-z0-9_.-]+/g, '-')}-dlq`;
      return {
        key: 'deadLetter',
        says: `set infrastructure.deadLetter to the queue '${queue}' after 5 deliveries`,
        edits: [{ at: ['infrastructure', 'deadLetter'], value: `{ queue: ${queue}, maxDeliveries: 5 }` }],
      };
    }
    case 'missing-timeout/saga':
    case 'missing-timeout/processManager':
    case 'missing-timeout/choreography': {
      const process = str('process');
      if (!process) break;
      return {
        key: `timeout:${process}`,
        says: `give processes.${process} a deadline of 1h (tune it)`,
        edits: [{ at: ['processes', process, 'timeout'], value: '1h' }],
      };
    }
    case 'external-event-contract/noVersion': {
      const event = str('event');
      if (!event) break;
      return { key: `version:${event}`, says: `set events.${event}.version to 1`, edits: [{ at: ['events', event, 'version'], value: '1' }] };
    }
    case 'missing-compensation/sagaStep': {
      const [root, process, steps, index] = finding.path;
      const step = root === 'processes' && steps === 'steps' && typeof index === 'number' ? design.processes.get(String(process))?.steps[index] : undefined;
      const command = step ? uncompensatedCommands(design, step)[0] : undefined;
      const c = command === undefined ? undefined : design.commands.get(command);
      const handler = c?.handledBy?.name;
      if (!command || !c || !handler) break;
      let undo = `Undo${command}`;
      for (let n = 2; design.commands.has(undo); n++) undo = `Undo${command}${n}`;
      const fields = (c.fields ?? []).map((f) => f.name);
      const forever = [...design.infrastructure.retryPolicies].find(([, p]) => p.maxAttempts === 'unlimited')?.[0];
      const value = [
        `handledBy: ${handler}`,
        ...(fields.length > 0 ? [`fields: [${fields.join(', ')}]`] : []),
        ...(c.idempotencyKey ? [`idempotencyKey: ${c.idempotencyKey.name}`] : []),
      ];
      return {
        key: `compensation:${command}`,
        says: `add the command ${undo} (handled by '${handler}', with the fields of ${command}) and compensations.${command} that sends it${forever ? `, retried by '${forever}'` : ''}`,
        edits: [
          { at: ['commands', undo], value: `{ ${value.join(', ')} }` },
          { at: ['compensations', command], value: `{ command: ${undo}${forever ? `, retry: ${forever}` : ''} }` },
        ],
      };
    }
  }
  return { reason: FIXABLE[finding.ruleId] ? 'this case of the rule has no mechanical fix' : 'the rule has no mechanical fix' };
}

/** The text with one edit made: the value set where it is, or its key added to the map that should hold it. */
export function applyEdit(text: string, edit: Edit): string {
  const doc = parseDocument(text, { keepSourceTokens: false });
  const existing = doc.getIn(edit.at, true) as Node | undefined;
  if (existing && isScalar(existing) && existing.range) {
    const [start, end] = existing.range;
    // An empty value (`publishing:`) gets its space.
    return splice(text, start, end, start === end && text[start - 1] === ':' ? ` ${edit.value}` : edit.value);
  }
  if (existing) throw new FixError(`${edit.at.join('.')} is already there and is not a single value; change it by hand.`);
  // The deepest map on the way that exists: the rest of the way is written under it.
  for (let depth = edit.at.length - 1; depth >= 0; depth--) {
    const holder = depth === 0 ? doc.contents : doc.getIn(edit.at.slice(0, depth), true);
    if (holder === undefined || holder === null) continue;
    if (!isMap(holder)) throw new FixError(`${edit.at.slice(0, depth).join('.') || 'the document'} is not a map; change it by hand.`);
    return addUnder(text, doc, holder, edit.at.slice(depth), edit.value);
  }
  throw new FixError('the design has no top-level map to add to.');
}

export class FixError extends Error {}

function splice(text: string, start: number, end: number, insert: string): string {
  return text.slice(0, start) + insert + text.slice(end);
}

/** Writes `rest` (keys, the last holding the value) under a map that exists, in the map's own style. */
function addUnder(text: string, doc: Document, map: YAMLMap, rest: readonly string[], value: string): string {
  const [first, ...more] = rest;
  if (first === undefined) return text;
  // In a flow map, nested keys that do not exist yet are flow maps too: { retryPolicies: { default: … } }.
  const inner = more.reduceRight((v, k) => `{ ${k}: ${v} }`, value);
  const range = map.range;
  if (map.flow) {
    if (!range) throw new FixError('a map without a position; change it by hand.');
    const close = text.lastIndexOf('}', range[1] - 1);
    let before = close;
    while (before > 0 && /\s/.test(text[before - 1] ?? '')) before--;
    const empty = text[before - 1] === '{';
    return splice(text, before, close, `${empty ? ' ' : ', '}${first}: ${inner} `);
  }
  const last = map.items[map.items.length - 1];
  const lastNode = (last?.value ?? last?.key) as Node | null | undefined;
  const firstKey = map.items[0]?.key as Node | undefined;
  if (!lastNode?.range || !firstKey?.range) {
    // An empty or positionless map: only the document itself is written to, at its end.
    if (map !== doc.contents) throw new FixError('an empty map; add the key by hand.');
    const body = text.endsWith('\n') || text === '' ? text : `${text}\n`;
    return `${body}${block(0, rest, value)}`;
  }
  const indent = columnOf(text, firstKey.range[0]);
  // A top-level section goes where the format puts it (compensations before processes), with its own blank line.
  if (map === doc.contents && more.length > 0) {
    const order = SECTION_ORDER.indexOf(first);
    const after = map.items.find((item) => {
      const k = isScalar(item.key) ? String(item.key.value) : '';
      return order !== -1 && SECTION_ORDER.indexOf(k) > order;
    });
    const at = (after?.key as Node | undefined)?.range?.[0];
    if (at !== undefined) {
      let start = text.lastIndexOf('\n', at - 1) + 1;
      // The comment lines just above a section belong to it: the new one goes above them.
      for (let prev = text.lastIndexOf('\n', start - 2) + 1; start > 0 && /^\s*#/.test(text.slice(prev, start)); prev = text.lastIndexOf('\n', prev - 2) + 1)
        start = prev;
      return splice(text, start, start, `${block(indent, rest, value)}\n`);
    }
  }
  // After the line on which the map's last entry ends (a trailing comment stays on its line).
  const at0 = lastNode.range[1];
  // A value that ends with its newline (a block scalar) ends its line already.
  const lineEnd = text[at0 - 1] === '\n' ? at0 - 1 : text.indexOf('\n', at0);
  const lines = block(indent, rest, value);
  if (lineEnd === -1) return `${text}\n${lines}`;
  return splice(text, lineEnd + 1, lineEnd + 1, `${map === doc.contents && more.length > 0 ? '\n' : ''}${lines}`);
}

/** The top-level sections in the order of the format (and of its schema). */
const SECTION_ORDER = [...DESIGN_KEYS];

/** Keys as block lines, two spaces deeper each, the last holding the value: `compensations:\n  X: { … }\n`. */
function block(indent: number, keys: readonly string[], value: string): string {
  return keys.map((k, i) => `${' '.repeat(indent + 2 * i)}${k}:${i === keys.length - 1 ? ` ${value}` : ''}\n`).join('');
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}
