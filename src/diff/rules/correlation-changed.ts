import { defineDiffRule } from '../define.js';
import { at, inBoth } from './common.js';

/** The key messages find their instance by is another field. */
export default defineDiffRule({
  id: 'diff/correlation-changed',
  messages: {
    changed: "Process '{{process}}' correlates by '{{to}}' instead of '{{from}}': instances started under '{{from}}' are not found.",
    removed: "Process '{{process}}' no longer says its correlation key (it was '{{from}}').",
  },
  hints: {
    changed: "Carry '{{from}}' beside '{{to}}' until the instances started under '{{from}}' are done (correlateBy), or drain '{{process}}' first.",
    removed: "Keep correlationKey: {{from}}; every message finds its instance of '{{process}}' by it.",
  },
  check({ old, new: now, report }) {
    for (const [name, before, p] of inBoth(old.processes, now.processes)) {
      const from = before.correlationKey;
      if (from === undefined || from === p.correlationKey) continue;
      const where = at(now, ['processes', name, 'correlationKey'], p.ref);
      if (p.correlationKey === undefined) report({ messageId: 'removed', at: where, data: { process: name, from } });
      else report({ messageId: 'changed', at: where, data: { process: name, from, to: p.correlationKey } });
    }
  },
});
