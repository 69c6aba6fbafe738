import { defineRule } from '../engine/define-rule.js';

/** Keys, types and values that the design format does not allow, said in plain words. */
export default defineRule({
  id: 'schema',
  phase: 'schema',
  messages: { violation: '{{message}}' },
  check({ design, schema, report }) {
    for (const p of schema) report({ messageId: 'violation', at: { file: design.file, ...p.ref }, data: { message: p.message } });
  },
});
