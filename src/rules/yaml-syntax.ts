import { defineRule } from '../engine/define-rule.js';

/** A file that is not valid YAML cannot be reviewed; say where it breaks, in the parser's words. */
export default defineRule({
  id: 'yaml-syntax',
  phase: 'syntax',
  messages: { syntax: '{{message}}' },
  hints: { syntax: '{{hint}}' },
  check({ design, syntax, report }) {
    for (const p of syntax) {
      report({ messageId: 'syntax', at: { file: p.file ?? design.file, start: p.start, end: p.end }, data: { message: p.message, hint: p.hint ?? '' } });
    }
  },
});
