import { defineRule } from '../engine/define-rule.js';

/** A misspelt or missing name silently disconnects a process from the services it relies on. */
export default defineRule({
  id: 'unknown-reference',
  messages: {
    unknown: "'{{name}}' is not a declared {{kind}} ({{role}}){{suggestion}}",
    coveredByItself: "Step '{{step}}' is covered by itself; coveredBy names an earlier step whose compensation also undoes this one.",
    coveredByLater: "Step '{{step}}' is covered by '{{name}}', which runs later; coveredBy names an earlier step whose compensation also undoes this one.",
  },
  hints: {
    unknown: "Correct the name, or declare {{kind}} '{{name}}'.",
  },
  check({ design, report }) {
    for (const u of design.unresolved) {
      if (u.misplaced) {
        report({
          messageId: u.misplaced.code === 'covered-by-itself' ? 'coveredByItself' : 'coveredByLater',
          at: u.ref,
          data: { step: u.misplaced.step, name: u.name },
        });
        continue;
      }
      const suggestion = u.suggestion === undefined ? '.' : ` — did you mean '${u.suggestion}'?`;
      const kind = u.kind === 'message' ? 'event or command' : u.kind;
      report({ messageId: 'unknown', at: u.ref, data: { name: u.name, kind, role: u.role, suggestion } });
    }
  },
});
