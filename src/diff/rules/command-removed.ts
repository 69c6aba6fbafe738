import { defineDiffRule } from '../define.js';
import { at, hurts } from './common.js';

/** A command gone, not renamed. */
export default defineDiffRule({
  id: 'diff/command-removed',
  messages: { removed: 'Command {{command}} is gone ({{hurts}}): commands still queued find no handler.' },
  check({ old, new: now, renames, report }) {
    for (const name of old.commands.keys())
      if (!now.commands.has(name) && !renames.commands.has(name))
        report({ messageId: 'removed', at: at(now, ['commands'], undefined), data: { command: name, hurts: hurts(old, name) } });
  },
});
