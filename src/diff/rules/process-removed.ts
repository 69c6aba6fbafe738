import { defineDiffRule } from '../define.js';
import { at } from './common.js';

/** A process gone: its running instances are left without a coordinator. */
export default defineDiffRule({
  id: 'diff/process-removed',
  messages: { removed: "The {{pattern}} '{{process}}' is gone: its running instances are left with nothing to carry them on." },
  check({ old, new: now, report }) {
    for (const [name, p] of old.processes)
      if (!now.processes.has(name)) report({ messageId: 'removed', at: at(now, ['processes'], undefined), data: { process: name, pattern: p.pattern } });
  },
});
