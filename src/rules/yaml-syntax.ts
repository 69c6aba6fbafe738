import { defineRule } from '../engine/define-rule.js';
import { SYNTAX_MESSAGES, type SyntaxKind } from '../parse/problems.js';

const HINTS = Object.fromEntries(Object.keys(SYNTAX_MESSAGES).map((kind) => [kind, '{{hint}}'])) as Record<SyntaxKind, string>;

/**
 * A file that is not valid YAML cannot be reviewed; say where it breaks. Its messages are the
 * syntax sentences of problems.ts, by kind; the `yaml` library's code is in the data.
 */
export default defineRule({
  id: 'yaml-syntax',
  phase: 'syntax',
  messages: SYNTAX_MESSAGES,
  hints: HINTS,
  check({ design, syntax, report }) {
    for (const p of syntax) {
      report({ messageId: p.kind, at: { file: p.file ?? design.file, start: p.start, end: p.end }, data: { ...p.data, code: p.code, hint: p.hint ?? '' } });
    }
  },
});
