import type { Finding } from '../findings.js';

/** One line of the seed's checklist or anti-pattern list, and the rules whose findings speak to it. */
export interface ChecklistItem {
  readonly id: string;
  readonly title: string;
  readonly group: ChecklistGroup;
  readonly rules: readonly string[];
}

export type ChecklistGroup = 'Transaction Boundaries' | 'Event Design' | 'Error Handling' | 'Infrastructure' | 'Anti-patterns' | 'Other analyses';

/** The four areas of the implementation checklist, in the seed's order. */
export const AREAS: readonly ChecklistGroup[] = ['Transaction Boundaries', 'Event Design', 'Error Handling', 'Infrastructure'];

/**
 * The implementation checklist and the anti-patterns of the seed, with the rules behind each item.
 * Every rule is behind at least one item (a test holds it); the deeper analyses that no checklist
 * line names are under 'Other analyses'.
 */
export const CHECKLIST: readonly ChecklistItem[] = [
  { id: 'local-scope', group: 'Transaction Boundaries', title: 'Each operation has a clear local transaction scope', rules: ['missing-failure-path'] },
  { id: 'no-acid', group: 'Transaction Boundaries', title: 'No cross-service ACID transactions', rules: ['distributed-transaction'] },
  { id: 'compensations', group: 'Transaction Boundaries', title: 'Compensation actions defined for all critical steps', rules: ['missing-compensation', 'non-retriable-compensation', 'pivot-violation'] },
  { id: 'internal-external', group: 'Event Design', title: 'Internal events separated from external events', rules: ['leaking-internal-event', 'external-event-contract'] },
  { id: 'event-context', group: 'Event Design', title: 'Events contain enough context for next steps', rules: ['insufficient-event-context'] },
  { id: 'naming', group: 'Event Design', title: 'Event naming follows ubiquitous language', rules: ['naming-convention'] },
  { id: 'retries', group: 'Error Handling', title: 'Transient errors handled with retry policies', rules: ['missing-retry-policy', 'non-idempotent-consumer'] },
  { id: 'permanent', group: 'Error Handling', title: 'Permanent errors trigger compensation', rules: ['missing-timeout', 'batch-partial-failure', 'dead-end-state'] },
  { id: 'dead-letters', group: 'Error Handling', title: 'Dead letter queues configured for unprocessable messages', rules: ['missing-dead-letter'] },
  { id: 'durable-bus', group: 'Infrastructure', title: 'Durable message bus for reliable delivery', rules: ['unreliable-messaging'] },
  { id: 'outbox', group: 'Infrastructure', title: 'Outbox pattern implemented for atomic operations', rules: ['missing-outbox'] },
  { id: 'observability', group: 'Infrastructure', title: 'Monitoring and observability for distributed flows', rules: ['missing-observability'] },
  { id: 'ap-distributed-transaction', group: 'Anti-patterns', title: 'Distributed transactions attempt', rules: ['distributed-transaction'] },
  { id: 'ap-leaking', group: 'Anti-patterns', title: 'Leaking internal events', rules: ['leaking-internal-event'] },
  { id: 'ap-missing-compensation', group: 'Anti-patterns', title: 'Missing compensation', rules: ['missing-compensation'] },
  { id: 'ap-sync', group: 'Anti-patterns', title: 'Synchronous dependencies', rules: ['sync-dependency'] },
  { id: 'ap-god', group: 'Anti-patterns', title: 'God process manager', rules: ['god-process-manager'] },
  { id: 'ap-unreliable', group: 'Anti-patterns', title: 'Unreliable messaging', rules: ['unreliable-messaging', 'missing-outbox'] },
  { id: 'references', group: 'Other analyses', title: 'Every name refers to something declared', rules: ['yaml-syntax', 'schema', 'unknown-reference', 'unused-suppression'] },
  { id: 'event-flow', group: 'Other analyses', title: 'Every event awaited is produced, every event produced is read', rules: ['unproduced-event', 'orphan-event', 'event-cycle'] },
  { id: 'state-machine', group: 'Other analyses', title: 'Every state reachable; the pattern fits the shape', rules: ['unreachable-state', 'pattern-mismatch'] },
];

export interface ItemStatus {
  readonly item: ChecklistItem;
  readonly findings: readonly Finding[];
  /** No error or warning among its findings (notes do not undo an item). */
  readonly done: boolean;
}

export function checklistStatus(findings: readonly Finding[]): ItemStatus[] {
  return CHECKLIST.map((item) => {
    const mine = findings.filter((f) => item.rules.includes(f.ruleId));
    return { item, findings: mine, done: !mine.some((f) => f.severity !== 'info') };
  });
}
