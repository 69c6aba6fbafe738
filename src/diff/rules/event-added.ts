import { defineDiffRule } from '../define.js';

/** A new event, listed so the reviewer sees the whole change (a rename is diff/event-renamed). */
export default defineDiffRule({
  id: 'diff/event-added',
  messages: { added: '{{visibility}} event {{event}} is new.' },
  check({ old, new: now, renames, report }) {
    const renamedTo = new Set(renames.events.values());
    for (const [name, e] of now.events)
      if (!old.events.has(name) && !renamedTo.has(name))
        report({ messageId: 'added', at: e.ref, data: { event: name, visibility: e.visibility === 'external' ? 'External' : 'Internal' } });
  },
});
