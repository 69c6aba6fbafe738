import { defineDiffRule } from '../define.js';
import { at, inBoth } from './common.js';

/** A deadline or a timeout that is gone. */
export default defineDiffRule({
  id: 'diff/timeout-removed',
  messages: {
    process: "Process '{{process}}' lost its deadline ({{after}}).",
    step: "Step '{{step}}' of '{{process}}' lost its timeout ({{after}}).",
    state: "State '{{state}}' of '{{process}}' lost its timeout ({{after}}): a wait there can last for ever.",
  },
  check({ old, new: now, report }) {
    for (const [name, before, p] of inBoth(old.processes, now.processes)) {
      if (before.timeout && !p.timeout)
        report({ messageId: 'process', at: at(now, ['processes', name], p.ref), data: { process: name, after: before.timeout } });
      for (const s of p.steps) {
        const was = before.steps.find((x) => x.name === s.name);
        if (was?.timeout && !s.timeout) report({ messageId: 'step', at: s.ref, data: { process: name, step: s.name, after: was.timeout } });
      }
      for (const [sn, s] of p.states) {
        const was = before.states.get(sn);
        if (was?.timeout && !s.timeout && !s.terminal) report({ messageId: 'state', at: s.ref, data: { process: name, state: sn, after: was.timeout.after } });
      }
    }
  },
});
