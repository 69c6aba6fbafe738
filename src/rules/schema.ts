import { defineRule } from '../engine/define-rule.js';
import { SCHEMA_MESSAGES } from '../parse/problems.js';

/**
 * Keys, types and values that the design format does not allow, said in plain words. Its messages
 * are the schema sentences of problems.ts, by code, and names declared in two files of a design.
 */
export default defineRule({
  id: 'schema',
  phase: 'schema',
  messages: {
    ...SCHEMA_MESSAGES,
    duplicate: "{{Kind}} '{{name}}' is declared twice, here and in {{other}}; a name is declared once in a design.",
  },
  check({ design, schema, report }) {
    for (const p of schema) report({ messageId: p.code, at: { file: p.file ?? design.file, ...p.ref }, data: p.data });
    // Names declared in two files of a design (imports): both places, each naming the other.
    for (const d of design.duplicates) {
      const Kind = d.kind.charAt(0).toUpperCase() + d.kind.slice(1);
      report({ messageId: 'duplicate', at: { ...d.first, at: 'key' }, data: { Kind, name: d.name, other: d.second.file } });
      report({ messageId: 'duplicate', at: { ...d.second, at: 'key' }, data: { Kind, name: d.name, other: d.first.file } });
    }
  },
});
