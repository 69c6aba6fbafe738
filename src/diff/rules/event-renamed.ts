import { defineDiffRule } from '../define.js';
import { at, hurts } from './common.js';

/** An event gone and one new with the same producer and fields: a rename. */
export default defineDiffRule({
  id: 'diff/event-renamed',
  messages: { renamed: 'Event {{from}} is renamed {{to}} (same producer, same fields) ({{hurts}}): subscribers of {{from}} receive nothing.' },
  hints: { renamed: 'Publish both {{from}} and {{to}} until every subscriber of {{from}} has moved; upcast stored {{from}} events to {{to}}.' },
  check({ old, new: now, renames, report }) {
    for (const [from, to] of renames.events) {
      const e = now.events.get(to);
      const external = e?.visibility === 'external' || old.events.get(from)?.visibility === 'external';
      report({
        messageId: 'renamed',
        at: at(now, ['events', to], e?.ref),
        data: { from, to, hurts: hurts(old, from) },
        class: external ? 'breaking' : 'risky',
      });
    }
  },
});
