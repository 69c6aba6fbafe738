import { defineDiffRule } from '../define.js';
import { at, hurts, inBoth, names } from './common.js';

/** A field of a message that is gone: breaking for an external event, risky inside the team. */
export default defineDiffRule({
  id: 'diff/field-removed',
  messages: {
    event: "Field '{{field}}' is gone from {{visibility}} event {{message}} ({{hurts}}).",
    command: "Field '{{field}}' is gone from command {{message}} ({{hurts}}).",
  },
  hints: {
    event:
      "Keep '{{field}}' (deprecated) until every reader has stopped reading it; for an external event, publish a new version without it beside the old one.",
    command: "Keep accepting '{{field}}' until every sender has stopped sending it, or change the senders in the same release.",
  },
  check({ old, new: now, report }) {
    for (const [name, e, n] of inBoth(old.events, now.events)) {
      if (!n.fields || !e.fields) continue;
      const kept = names(n.fields);
      for (const f of e.fields)
        if (!kept.has(f.name))
          report({
            messageId: 'event',
            at: at(now, ['events', name, 'fields'], n.ref),
            data: { field: f.name, message: name, visibility: n.visibility, hurts: hurts(old, name) },
            class: n.visibility === 'external' ? 'breaking' : 'risky',
          });
    }
    for (const [name, c, n] of inBoth(old.commands, now.commands)) {
      if (!n.fields || !c.fields) continue;
      const kept = names(n.fields);
      for (const f of c.fields)
        if (!kept.has(f.name))
          report({
            messageId: 'command',
            at: at(now, ['commands', name, 'fields'], n.ref),
            data: { field: f.name, message: name, hurts: hurts(old, name) },
            class: 'risky',
          });
    }
  },
});
