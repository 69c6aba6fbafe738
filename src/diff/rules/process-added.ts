import { defineDiffRule } from '../define.js';

/** A new process. */
export default defineDiffRule({
  id: 'diff/process-added',
  messages: { added: "The {{pattern}} '{{process}}' is new." },
  check({ old, new: now, report }) {
    for (const [name, p] of now.processes) if (!old.processes.has(name)) report({ messageId: 'added', at: p.ref, data: { process: name, pattern: p.pattern } });
  },
});
