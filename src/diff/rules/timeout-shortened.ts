import { durationMs } from '../../util/duration.js';
import { defineDiffRule } from '../define.js';
import { at, inBoth } from './common.js';

/** A deadline or a timeout that is shorter than it was (a removed one is diff/timeout-removed). */
export default defineDiffRule({
  id: 'diff/timeout-shortened',
  messages: {
    process: "The deadline of '{{process}}' is shorter: {{from}} becomes {{to}}.",
    step: "The timeout of step '{{step}}' of '{{process}}' is shorter: {{from}} becomes {{to}}.",
    state: "The timeout of state '{{state}}' of '{{process}}' is shorter: {{from}} becomes {{to}}.",
  },
  check({ old, new: now, report }) {
    const shorter = (from: string | undefined, to: string | undefined) => {
      const a = from === undefined ? undefined : durationMs(from);
      const b = to === undefined ? undefined : durationMs(to);
      return a !== undefined && b !== undefined && b < a;
    };
    for (const [name, before, p] of inBoth(old.processes, now.processes)) {
      if (shorter(before.timeout, p.timeout))
        report({
          messageId: 'process',
          at: at(now, ['processes', name, 'timeout'], p.ref),
          data: { process: name, from: before.timeout ?? '', to: p.timeout ?? '' },
        });
      for (const s of p.steps) {
        const was = before.steps.find((x) => x.name === s.name)?.timeout;
        if (shorter(was, s.timeout))
          report({
            messageId: 'step',
            at: { ...s.ref, path: [...s.ref.path, 'timeout'] },
            data: { process: name, step: s.name, from: was ?? '', to: s.timeout ?? '' },
          });
      }
      for (const [sn, s] of p.states) {
        const was = before.states.get(sn)?.timeout?.after;
        if (shorter(was, s.timeout?.after))
          report({ messageId: 'state', at: s.ref, data: { process: name, state: sn, from: was ?? '', to: s.timeout?.after ?? '' } });
      }
    }
  },
});
