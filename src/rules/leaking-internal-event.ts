import { defineRule } from '../engine/define-rule.js';
import { contextOf, isReply, relationsOf } from '../model/graph.js';

const VIA: Record<string, string> = {
  step: 'awaited by a step of',
  state: 'handled by a state of',
  reaction: 'handled by a reaction in',
  startedBy: 'starting',
  subscribes: 'through subscribes',
  consumedBy: 'through consumedBy',
};

/** A context's domain events are its private model; another context that reads them is coupled to it. */
export default defineRule({
  id: 'leaking-internal-event',
  messages: {
    leak: "Internal event '{{event}}' of context '{{from}}' is consumed by '{{consumer}}' in context '{{to}}' ({{via}}).",
  },
  hints: {
    leak: "Publish an external event for other contexts (visibility: external, with a version), translated from '{{event}}' at the boundary; or mark '{{event}}' external if it belongs to the published language.",
  },
  check({ design, report }) {
    if (design.contexts.size === 0) return;
    const seen = new Set<string>();
    const relations = relationsOf(design);
    // Who sends each command: a reply goes back to its sender, and only the sender may read it.
    // Worked out when the first reply crosses a context.
    let senders: Map<string, Set<string>> | undefined;
    const sendersOf = () => {
      const out = new Map<string, Set<string>>();
      for (const p of design.processes.values()) {
        // The service of the first reaction that sends each command.
        const reacting = new Map<string, string>();
        for (const r of p.reactions) if (r.command && !reacting.has(r.command.name)) reacting.set(r.command.name, r.service.name);
        for (const send of relations.sends.get(p.name) ?? []) {
          const sender = send.via === 'reaction' ? reacting.get(send.command) : p.coordinator?.name;
          if (sender === undefined) continue;
          const set = out.get(send.command) ?? new Set<string>();
          set.add(sender);
          out.set(send.command, set);
        }
      }
      return out;
    };
    const sendsIt = (event: NonNullable<ReturnType<typeof design.events.get>>, service: string) => {
      senders ??= sendersOf();
      const known = event.replyTo.flatMap((r) => [...(senders?.get(r.name) ?? [])]);
      return known.length === 0 || known.includes(service);
    };
    // forEach and an indexed loop: a for-of makes an iterator and a result for each step of cold code.
    relations.consumers.forEach((consumptions, eventName) => {
      const event = design.events.get(eventName);
      if (!event || event.visibility !== 'internal' || event.fromOutside) return;
      const producer = event.producedBy?.name ?? relationsOf(design).producers.get(eventName)?.[0]?.service;
      const from = contextOf(design, producer === undefined ? undefined : design.services.get(producer));
      if (!from) return;
      for (let i = 0; i < consumptions.length; i++) {
        const c = consumptions[i] as (typeof consumptions)[number];
        const to = contextOf(design, design.services.get(c.service));
        if (!to || to === from) continue;
        // A reply read by the service that sent the command is the exchange the command started; read by a third context, it leaks.
        if (isReply(event) && sendsIt(event, c.service)) continue;
        const key = `${c.service}\u0000${c.ref.path.join('\u0000')}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const via = c.process ? `${VIA[c.via]} process '${c.process}'` : (VIA[c.via] ?? c.via);
        report({ messageId: 'leak', at: c.ref, data: { event: eventName, from, consumer: c.service, to, via } });
      }
    });
  },
});
