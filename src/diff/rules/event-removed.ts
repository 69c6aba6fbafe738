import { defineDiffRule } from '../define.js';
import { at, hurts } from './common.js';

/** An event gone, not renamed. */
export default defineDiffRule({
  id: 'diff/event-removed',
  messages: { removed: '{{visibility}} event {{event}} is gone ({{hurts}}).' },
  check({ old, new: now, renames, report }) {
    for (const [name, e] of old.events)
      if (!now.events.has(name) && !renames.events.has(name))
        report({
          messageId: 'removed',
          at: at(now, ['events'], undefined),
          data: { event: name, visibility: e.visibility === 'external' ? 'External' : 'Internal', hurts: hurts(old, name) },
          class: e.visibility === 'external' ? 'breaking' : 'risky',
        });
  },
});
