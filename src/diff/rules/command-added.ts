import { defineDiffRule } from '../define.js';

/** A new command (a rename is diff/command-renamed). */
export default defineDiffRule({
  id: 'diff/command-added',
  messages: { added: 'Command {{command}} is new.' },
  check({ old, new: now, renames, report }) {
    const renamedTo = new Set(renames.commands.values());
    for (const [name, c] of now.commands)
      if (!old.commands.has(name) && !renamedTo.has(name)) report({ messageId: 'added', at: c.ref, data: { command: name } });
  },
});
