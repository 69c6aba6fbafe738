import { defineRule } from '../engine/define-rule.js';

/** A misspelt or missing name silently disconnects a process from the services it relies on. */
export default defineRule({
  id: 'unknown-reference',
  messages: {
    unknown: "'{{name}}' is not a declared {{kind}} ({{role}}){{suggestion}}",
    misplaced: '{{reason}}',
  },
  hints: {
    unknown: "Correct the name, or declare {{kind}} '{{name}}'.",
  },
  check({ design, report }) {
    for (const u of design.unresolved) {
      if (u.reason) {
        report({ messageId: 'misplaced', at: u.ref, data: { reason: u.reason } });
        continue;
      }
      const suggestion = u.suggestion === undefined ? '.' : ` — did you mean '${u.suggestion}'?`;
      const kind = u.kind === 'message' ? 'event or command' : u.kind;
      report({ messageId: 'unknown', at: u.ref, data: { name: u.name, kind, role: u.role, suggestion } });
    }
  },
});
