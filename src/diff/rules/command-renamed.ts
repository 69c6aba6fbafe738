import { defineDiffRule } from '../define.js';
import { at, hurts } from './common.js';

/** A command gone and one new with the same handler and fields: a rename. */
export default defineDiffRule({
  id: 'diff/command-renamed',
  messages: { renamed: 'Command {{from}} is renamed {{to}} (same handler, same fields) ({{hurts}}): queued {{from}} commands are left unhandled.' },
  check({ old, new: now, renames, report }) {
    for (const [from, to] of renames.commands)
      report({ messageId: 'renamed', at: at(now, ['commands', to], now.commands.get(to)?.ref), data: { from, to, hurts: hurts(old, from) } });
  },
});
