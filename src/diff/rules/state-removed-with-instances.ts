import { defineDiffRule } from '../define.js';
import { at } from './common.js';

/** A state that instances may be saved in, gone (a rename is diff/state-renamed). */
export default defineDiffRule({
  id: 'diff/state-removed-with-instances',
  messages: { removed: "State '{{state}}' of '{{process}}' is gone: instances saved in it are stranded." },
  hints: { removed: "Keep '{{state}}' until no instance of '{{process}}' rests in it (drain first), or migrate the saved instances." },
  check({ old, new: now, renames, report }) {
    for (const [name, p] of old.processes) {
      const q = now.processes.get(name);
      if (!q || q.pattern !== 'process-manager') continue;
      const renamed = renames.states.get(name);
      for (const [sn, s] of p.states)
        if (!s.terminal && !q.states.has(sn) && !renamed?.has(sn))
          report({ messageId: 'removed', at: at(now, ['processes', name, 'states'], q.ref), data: { process: name, state: sn } });
    }
  },
});
