import { defineRule } from '../engine/define-rule.js';
import { relationsOf } from '../model/graph.js';
import type { Call, Design } from '../model/types.js';
import { stronglyConnected } from '../util/graph.js';

const MAX_CHAIN = 6;

/** A synchronous call inside a process makes each step as available as the slowest service it calls. */
export default defineRule({
  id: 'sync-dependency',
  messages: {
    call: "'{{caller}}' calls '{{callee}}' synchronously{{protocol}} while both take part in processes ({{roles}}): {{chain}}.{{timeouts}}",
    cycle: "'{{caller}}' calls '{{callee}}' synchronously{{protocol}}, and the calls go round in a cycle: {{chain}}.{{timeouts}}",
  },
  hints: {
    call: 'Replace the call with a command and a reply event, or keep a local copy of the data it fetches from {{callee}}, fed by its events; if the call must stay, give it a timeout and a fallback.',
    cycle: 'Break the cycle: at least one of these calls must become a message; a cycle of synchronous calls can deadlock or cascade failures.',
  },
  check({ design, report }) {
    if (![...design.services.values()].some((s) => s.calls.length > 0)) return;
    const roles = participationRoles(design);
    const calls = new Map<string, Call[]>();
    for (const s of design.services.values())
      calls.set(
        s.name,
        s.calls.filter((c) => design.services.has(c.service.name)),
      );
    const component = stronglyConnected([...calls.keys()], (s) => (calls.get(s) ?? []).map((c) => c.service.name));
    for (const [caller, out] of calls) {
      for (const call of out) {
        const callee = call.service.name;
        if (!roles.has(caller) || !roles.has(callee)) continue;
        const inCycle = component.get(caller) === component.get(callee);
        const chain = inCycle ? cycleChain(calls, component, call, caller) : forwardChain(calls, roles, call, caller);
        const missing = chain.calls.filter((c) => c.call.timeout === undefined).map((c) => `${c.from} → ${c.call.service.name}`);
        const timeouts = missing.length === 0 ? '' : ` No timeout is declared for ${missing.join(', ')}.`;
        const protocol = call.protocol ? ` (${call.protocol})` : '';
        const data = { caller, callee, protocol, chain: chain.text, timeouts };
        if (inCycle) report({ messageId: 'cycle', at: call.ref, data, severity: 'error' });
        else report({ messageId: 'call', at: call.ref, data: { ...data, roles: `${roles.get(caller)}; ${roles.get(callee)}` } });
      }
    }
  },
});

/** For each service that takes part in a process, the first way it does, for the message. */
function participationRoles(design: Design): Map<string, string> {
  const roles = new Map<string, string>();
  const add = (service: string | undefined, role: string) => {
    if (service && !roles.has(service)) roles.set(service, `${service} ${role}`);
  };
  for (const p of design.processes.values()) add(p.coordinator?.name, `coordinates ${p.name}`);
  for (const p of design.processes.values()) {
    for (const r of p.reactions) add(r.service.name, `reacts to ${r.when.name} in ${p.name}`);
    for (const s of relationsOf(design).sends.get(p.name) ?? []) {
      add(design.commands.get(s.command)?.handledBy?.name, `handles ${s.command} in ${p.name}`);
    }
  }
  return roles;
}

interface Chain {
  readonly text: string;
  readonly calls: readonly { from: string; call: Call }[];
}

/** caller → callee → … following the callee's own calls to other participants, without repeats. */
function forwardChain(calls: ReadonlyMap<string, readonly Call[]>, roles: ReadonlyMap<string, string>, first: Call, caller: string): Chain {
  const names = [caller, first.service.name];
  const steps = [{ from: caller, call: first }];
  let current = first.service.name;
  while (names.length < MAX_CHAIN) {
    const next = (calls.get(current) ?? []).find((c) => roles.has(c.service.name) && !names.includes(c.service.name));
    if (!next) break;
    steps.push({ from: current, call: next });
    names.push(next.service.name);
    current = next.service.name;
  }
  return { text: names.join(' → '), calls: steps };
}

/** caller → callee → … → caller, the shortest way back inside the cycle. */
function cycleChain(calls: ReadonlyMap<string, readonly Call[]>, component: ReadonlyMap<string, number>, first: Call, caller: string): Chain {
  const start = first.service.name;
  const back = new Map<string, { from: string; call: Call }>();
  const queue = [start];
  const seen = new Set([start]);
  while (queue.length > 0 && !back.has(caller) && start !== caller) {
    const cur = queue.shift() as string;
    for (const c of calls.get(cur) ?? []) {
      const to = c.service.name;
      if (seen.has(to) || component.get(to) !== component.get(caller)) continue;
      seen.add(to);
      back.set(to, { from: cur, call: c });
      queue.push(to);
    }
  }
  const tail: { from: string; call: Call }[] = [];
  for (let at = caller; at !== start;) {
    const step = back.get(at);
    if (!step) break;
    tail.unshift(step);
    at = step.from;
  }
  const steps = [{ from: caller, call: first }, ...tail];
  return { text: [caller, ...steps.map((s) => s.call.service.name)].join(' → '), calls: steps };
}
