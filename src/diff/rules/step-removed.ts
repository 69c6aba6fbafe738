import { defineDiffRule } from '../define.js';
import { at } from './common.js';

/** A saga step gone while instances may be at or past it. */
export default defineDiffRule({
  id: 'diff/step-removed',
  messages: { removed: "Step '{{step}}' ({{commands}}) of saga '{{process}}' is gone: running instances at or past it no longer line up." },
  hints: {
    removed:
      "Drain the running instances of '{{process}}' first, or version the saga; keep the compensation of {{commands}} while old instances can still fail.",
  },
  check({ old, new: now, report }) {
    for (const [name, p] of old.processes) {
      const q = now.processes.get(name);
      if (!q || p.pattern !== 'saga' || q.pattern !== 'saga') continue;
      for (const s of p.steps)
        if (!q.steps.some((x) => x.name === s.name))
          report({
            messageId: 'removed',
            at: at(now, ['processes', name, 'steps'], q.ref),
            data: { process: name, step: s.name, commands: s.commands.map((c) => c.name).join(', ') },
          });
    }
  },
});
