import { defineRule } from '../engine/define-rule.js';
import type { RuleOptions } from '../generated/rules-meta.js';
import { retryFor } from '../model/policies.js';
import type { Design, Process, RetryPolicy, State } from '../model/types.js';
import { durationMs, formatDuration } from '../util/duration.js';
import { list } from '../util/text.js';
import { consumedByService } from './utils/consumers.js';

/**
 * The longest a policy waits between attempts, in all: the sum of its intervals, or its backoff
 * from initialDelay up to maxAttempts, each wait capped by maxDelay. Undefined when it cannot be
 * known (unlimited attempts, no initialDelay for a backoff that needs one).
 */
export function worstRetryMs(policy: RetryPolicy): number | undefined {
  if (policy.intervals) {
    const waits = policy.intervals.map(durationMs);
    return waits.every((w) => w !== undefined) ? waits.reduce<number>((a, b) => a + (b as number), 0) : undefined;
  }
  if (typeof policy.maxAttempts !== 'number') return undefined;
  const retries = policy.maxAttempts - 1;
  if (retries <= 0 || policy.backoff === 'none') return 0;
  const first = durationMs(policy.initialDelay);
  if (first === undefined) return undefined;
  const cap = durationMs(policy.maxDelay) ?? Infinity;
  let total = 0;
  for (let k = 1; k <= retries; k++) {
    const wait = policy.backoff === 'linear' ? first * k : policy.backoff === 'exponential' ? first * 2 ** (k - 1) : first;
    total += Math.min(wait, cap);
  }
  return total;
}

interface Spend {
  readonly ms: number;
  /** What spends it: "reserve (ReserveStock, 'patient': 2m 10s)"; written only when asked for (a finding's message). */
  readonly parts: readonly string[];
}

const NOTHING: Spend = { ms: 0, parts: [] };

/** The longest wait of each policy, worked out once per policy. */
const worstOf = new WeakMap<RetryPolicy, number | undefined>();

function spendOf(design: Design, command: string, own: Process['steps'][number]['retry'], label: string, detail: boolean): Spend {
  const applied = retryFor(design, command, own);
  const policy = applied && design.infrastructure.retryPolicies.get(applied.policy);
  if (!policy) return NOTHING;
  let ms = worstOf.get(policy);
  if (ms === undefined && !worstOf.has(policy)) worstOf.set(policy, (ms = worstRetryMs(policy)));
  if (!ms) return NOTHING;
  return { ms, parts: detail ? [`${label} (${command}, '${policy.name}': ${formatDuration(ms)})`] : NOTHING.parts };
}

const add = (a: Spend, b: Spend): Spend =>
  b.ms === 0 ? a : a.ms === 0 ? b : { ms: a.ms + b.ms, parts: b.parts.length === 0 ? a.parts : a.parts.length === 0 ? b.parts : [...a.parts, ...b.parts] };

/**
 * The most a process's commands can spend retrying along one path: a saga's steps, a process
 * manager's longest path of states. With `detail`, what spends it is written out too (the walk is
 * the same either way: a first walk finds whether there is a finding, a second writes its message).
 */
function longestRetry(design: Design, process: Process, detail: boolean): Spend {
  if (process.pattern === 'saga') {
    let total: Spend = NOTHING;
    for (const s of process.steps) for (const c of s.commands) total = add(total, spendOf(design, c.name, s.retry, `step '${s.name}'`, detail));
    return total;
  }
  if (process.pattern !== 'process-manager' || !process.initial) return NOTHING;
  const sent = (state: State, t: { send: readonly { name: string }[] } | undefined): Spend =>
    (t?.send ?? []).reduce<Spend>((acc, c) => add(acc, spendOf(design, c.name, undefined, `'${state.name}'`, detail)), NOTHING);
  // Depth-first over simple paths (a state once per path), keeping the most expensive. Their number
  // grows with the factorial of a densely connected machine's states: past a budget of visits the walk
  // stops going deeper, so the worst case found is a lower bound (a finding may be missed, none invented).
  let budget = 2_000;
  const walk = (state: State, onPath: Set<string>): Spend => {
    let best: Spend = NOTHING;
    if (--budget < 0) return best;
    const exits = [...state.on.flatMap((h) => h.alternatives), ...(state.timeout ? [state.timeout] : [])];
    for (const t of exits) {
      const next = t.goto ? process.states.get(t.goto.name) : undefined;
      const here = sent(state, t);
      const further = next && !onPath.has(next.name) && !next.terminal ? walk(next, new Set([...onPath, next.name])) : NOTHING;
      const entry = next && next !== state && !onPath.has(next.name) ? sent(next, next.onEntry) : NOTHING;
      const total = add(add(here, entry), further);
      if (total.ms > best.ms) best = total;
    }
    return best;
  };
  const initial = process.states.get(process.initial.name);
  if (!initial) return NOTHING;
  return add(sent(initial, initial.onEntry), walk(initial, new Set([initial.name])));
}

/** A deadline that fails runs still recovering, and retries that nest past what a poison message should cost. */
export default defineRule<'deadline' | 'nested', RuleOptions['retry-budget']>({
  id: 'retry-budget',
  messages: {
    deadline:
      "'{{process}}' gives up after {{deadline}}, but its commands can spend {{worst}} waiting between retries on one path as designed ({{parts}}): the deadline fails runs that were still recovering.",
    nested:
      "A poison message to {{services}} is handled {{total}} times before it reaches the dead-letter queue: '{{policy}}' makes {{attempts}} attempts, and the broker redelivers it {{deliveries}} times (deadLetter.maxDeliveries).",
  },
  hints: {
    deadline: 'Raise the process timeout above the worst case, or shorten the policies (fewer attempts, a lower maxDelay).',
    nested: "Retry in one place: the consumer's policy or the broker's redelivery, not both.",
  },
  check({ design, options, report }) {
    for (const p of design.processes.values()) {
      const deadline = durationMs(p.timeout);
      if (deadline === undefined) continue;
      if (longestRetry(design, p, false).ms <= deadline) continue;
      const worst = longestRetry(design, p, true);
      report({
        messageId: 'deadline',
        at: { ...p.ref, path: [...p.ref.path, 'timeout'] },
        data: { process: p.name, deadline: p.timeout ?? '', worst: formatDuration(worst.ms), parts: list(worst.parts, 4, (x) => x) },
      });
    }
    const dl = design.infrastructure.deadLetter;
    const deliveries = dl ? dl.maxDeliveries : undefined;
    if (deliveries === undefined) return;
    // Per consumer policy, the services whose consumers it retries.
    const byPolicy = new Map<string, string[]>();
    for (const service of consumedByService(design).keys()) {
      const s = design.services.get(service);
      if (!s || typeof s.consumers?.deadLetter === 'string' || s.consumers?.deadLetter === false) continue;
      const name = s.consumers?.retry?.name ?? design.infrastructure.defaultRetry?.name;
      if (name === undefined) continue;
      const named = byPolicy.get(name);
      if (named) named.push(service);
      else byPolicy.set(name, [service]);
    }
    for (const [name, services] of byPolicy) {
      const policy = design.infrastructure.retryPolicies.get(name);
      const attempts = policy?.intervals ? policy.intervals.length + 1 : policy?.maxAttempts;
      if (!policy || typeof attempts !== 'number' || attempts * deliveries <= options.maxAttempts) continue;
      report({
        messageId: 'nested',
        at: policy.ref,
        severity: 'info',
        data: { services: list(services, 3), total: attempts * deliveries, policy: name, attempts, deliveries },
      });
    }
  },
});
