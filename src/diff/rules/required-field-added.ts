import { defineDiffRule } from '../define.js';
import { at, hurts, inBoth, names } from './common.js';

/** A command that now requires a field its senders do not send yet. */
export default defineDiffRule({
  id: 'diff/required-field-added',
  messages: {
    added: "Command {{message}} now requires field '{{field}}' ({{hurts}}): a sender not changed in the same release is rejected.",
    madeRequired: "Field '{{field}}' of command {{message}} was optional and is required now ({{hurts}}).",
  },
  check({ old, new: now, report }) {
    for (const [name, before, c] of inBoth(old.commands, now.commands)) {
      if (!before.fields || !c.fields) continue;
      const had = names(before.fields);
      c.fields.forEach((f, i) => {
        if (f.optional) return;
        const was = had.get(f.name);
        const where = at(now, ['commands', name, 'fields', i], c.ref);
        if (!was) report({ messageId: 'added', at: where, data: { message: name, field: f.name, hurts: hurts(old, name) } });
        else if (was.optional) report({ messageId: 'madeRequired', at: where, data: { message: name, field: f.name, hurts: hurts(old, name) } });
      });
    }
  },
});
