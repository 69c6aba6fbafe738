import { defineDiffRule } from '../define.js';
import { inBoth, names } from './common.js';

/** A field that readers and senders can ignore: any field of an event, an optional one of a command. */
export default defineDiffRule({
  id: 'diff/field-added',
  messages: {
    event: "{{message}} has a new field '{{field}}'.",
    command: "Command {{message}} has a new optional field '{{field}}'.",
  },
  check({ old, new: now, report }) {
    for (const [name, was, e] of inBoth(old.events, now.events)) {
      if (!was.fields || !e.fields) continue;
      const had = names(was.fields);
      e.fields.forEach((f, i) => {
        if (!had.has(f.name))
          report({ messageId: 'event', at: { file: e.ref.file, path: [...e.ref.path, 'fields', i] }, data: { message: name, field: f.name } });
      });
    }
    for (const [name, was, c] of inBoth(old.commands, now.commands)) {
      if (!was.fields || !c.fields) continue;
      const had = names(was.fields);
      c.fields.forEach((f, i) => {
        if (f.optional && !had.has(f.name))
          report({ messageId: 'command', at: { file: c.ref.file, path: [...c.ref.path, 'fields', i] }, data: { message: name, field: f.name } });
      });
    }
  },
});
