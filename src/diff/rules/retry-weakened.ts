import type { Ref } from '../../findings.js';
import type { NameRef, RetryPolicy } from '../../model/types.js';
import { defineDiffRule } from '../define.js';
import { at } from './common.js';

const attempts = (p: RetryPolicy | undefined) => (p?.maxAttempts === 'unlimited' ? Infinity : (p?.maxAttempts ?? 1));
const said = (n: number) => (n === Infinity ? 'unlimited' : String(n));

/** A retry policy that gives up sooner, or a retry policy no longer named where it was. */
export default defineDiffRule({
  id: 'diff/retry-weakened',
  messages: {
    fewer: "Retry policy '{{policy}}' gives up sooner: {{from}} attempts become {{to}}.",
    policyRemoved: "Retry policy '{{policy}}' is gone: what used it ({{users}}) retries no more.",
    unnamed: "{{what}} no longer names the retry policy '{{policy}}'.",
  },
  check({ old, new: now, report }) {
    const policies = now.infrastructure.retryPolicies;
    for (const [name, p] of old.infrastructure.retryPolicies) {
      const q = policies.get(name);
      if (!q) {
        const users = usersOf(old, name);
        if (users.length > 0)
          report({
            messageId: 'policyRemoved',
            at: at(now, ['infrastructure', 'retryPolicies'], now.infrastructure.ref),
            data: { policy: name, users: users.join(', ') },
          });
      } else if (attempts(q) < attempts(p)) report({ messageId: 'fewer', at: q.ref, data: { policy: name, from: said(attempts(p)), to: said(attempts(q)) } });
    }
    // A name that pointed at a policy and points at none now.
    const lost = (what: string, was: NameRef | undefined, is: NameRef | undefined, where: Ref) => {
      if (was && !is && policies.has(was.name)) report({ messageId: 'unnamed', at: where, data: { what, policy: was.name } });
    };
    lost('infrastructure.defaultRetry', old.infrastructure.defaultRetry, now.infrastructure.defaultRetry, at(now, ['infrastructure'], now.infrastructure.ref));
    for (const [name, c] of now.commands) lost(`Command ${name}`, old.commands.get(name)?.retry, c.retry, c.ref);
    for (const [name, s] of now.services) lost(`The consumers of '${name}'`, old.services.get(name)?.consumers?.retry, s.consumers?.retry, s.ref);
    for (const [name, p] of now.processes)
      for (const s of p.steps) lost(`Step '${s.name}' of '${name}'`, old.processes.get(name)?.steps.find((x) => x.name === s.name)?.retry, s.retry, s.ref);
  },
});

function usersOf(design: Parameters<typeof at>[0], policy: string): string[] {
  const out: string[] = [];
  if (design.infrastructure.defaultRetry?.name === policy) out.push('infrastructure.defaultRetry');
  for (const c of design.commands.values()) if (c.retry?.name === policy) out.push(c.name);
  for (const s of design.services.values()) if (s.consumers?.retry?.name === policy) out.push(`the consumers of ${s.name}`);
  for (const [k, c] of design.compensations) if (c.retry?.name === policy) out.push(`the compensation of ${k}`);
  for (const p of design.processes.values()) for (const s of p.steps) if (s.retry?.name === policy) out.push(`step '${s.name}'`);
  return out;
}
