import { defineDiffRule } from '../define.js';

/** A state gone and one new with the same transitions: a rename; saved instances carry the old name. */
export default defineDiffRule({
  id: 'diff/state-renamed',
  messages: { renamed: "State '{{from}}' of '{{process}}' is renamed '{{to}}': instances saved in '{{from}}' must be migrated." },
  hints: { renamed: "Migrate the instances saved in '{{from}}' to '{{to}}' in the same release, or map '{{from}}' to '{{to}}' when loading." },
  check({ new: now, renames, report }) {
    for (const [process, pairs] of renames.states) {
      const p = now.processes.get(process);
      for (const [from, to] of pairs) {
        const s = p?.states.get(to);
        if (s && !s.terminal) report({ messageId: 'renamed', at: s.ref, data: { process, from, to } });
      }
    }
  },
});
