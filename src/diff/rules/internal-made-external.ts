import { defineDiffRule } from '../define.js';
import { at, inBoth } from './common.js';

/** An internal event that became a contract with other contexts. */
export default defineDiffRule({
  id: 'diff/internal-made-external',
  messages: { external: 'Event {{event}} was internal and is external now: it becomes a contract other contexts may rely on.' },
  check({ old, new: now, report }) {
    for (const [name, before, e] of inBoth(old.events, now.events))
      if (before.visibility === 'internal' && e.visibility === 'external')
        report({ messageId: 'external', at: at(now, ['events', name, 'visibility'], e.ref), data: { event: name } });
  },
});
