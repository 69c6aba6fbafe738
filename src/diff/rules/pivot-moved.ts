import { defineDiffRule } from '../define.js';
import { at, inBoth } from './common.js';

/** The point of no return of a saga is another step, or none. */
export default defineDiffRule({
  id: 'diff/pivot-moved',
  messages: {
    moved: "The pivot of saga '{{process}}' moved from step '{{from}}' to step '{{to}}': the steps between change from compensated to retried (or back).",
    removed: "Saga '{{process}}' no longer has a pivot (it was step '{{from}}'): every step is compensated when a later one fails.",
    added: "Saga '{{process}}' has a pivot now, step '{{to}}': the steps after it are retried instead of compensated.",
  },
  check({ old, new: now, report }) {
    for (const [name, before, p] of inBoth(old.processes, now.processes)) {
      if (p.pattern !== 'saga' || before.pattern !== 'saga') continue;
      const pivotOf = (steps: typeof p.steps) => steps.find((s) => s.declaredKind === 'pivot');
      const was = pivotOf(before.steps);
      const is = pivotOf(p.steps);
      if (was?.name === is?.name) continue;
      const data = { process: name, from: was?.name ?? '', to: is?.name ?? '' };
      if (was && is) report({ messageId: 'moved', at: is.ref, data });
      else if (was) report({ messageId: 'removed', at: at(now, ['processes', name, 'steps'], p.ref), data });
      else if (is) report({ messageId: 'added', at: is.ref, data });
    }
  },
});
