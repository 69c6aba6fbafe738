import { runRuleTests } from '../testing/rule-tester.js';

runRuleTests('yaml-syntax', {
  valid: ['valid-anchors-in-moderation.yaml'],
  invalid: [
    {
      file: 'invalid-bad-indentation.yaml',
      findings: [
        {
          messageId: 'parser',
          line: 6,
          column: 1,
          endLine: 6,
          endColumn: 2,
          data: {
            said: 'All mapping items must start at the same column',
            end: '.',
            code: 'BAD_INDENT',
            hint: 'Align this line with its siblings (spaces only).',
          },
        },
      ],
    },
    {
      file: 'invalid-two-documents.yaml',
      findings: [
        {
          messageId: 'multiple-docs',
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 2,
          data: { count: 2, end: '.', code: 'MULTIPLE_DOCS', hint: 'Put each design in its own file (a design can span files with `imports:`).' },
        },
      ],
    },
    {
      file: 'invalid-alias-bomb.yaml',
      findings: [
        {
          messageId: 'alias-expansion',
          line: 4,
          column: 8,
          endLine: 4,
          endColumn: 10,
          data: {
            howFar: 'more than 100,000 nodes, more',
            end: '.',
            code: 'ALIAS_EXPANSION',
            hint: 'Write the repeated parts out, or reference them by name.',
          },
        },
      ],
    },
    // The parser notices an unclosed quote at the end of the input; the finding is where the string opens.
    {
      file: 'invalid-unclosed-quote.yaml',
      findings: [{ messageId: 'unclosed-quote', line: 2, column: 7, endLine: 2, endColumn: 8, data: { quote: '"', end: '.', code: 'MISSING_CHAR' } }],
    },
    {
      file: 'invalid-too-deep.yaml',
      findings: [{ messageId: 'too-deep', line: 1, column: 1, endLine: 1, endColumn: 2, data: { limit: 64, end: '.', code: 'TOO_DEEP' } }],
    },
    // A key that is a block scalar has no one-line name to quote; a plain explicit key does.
    {
      file: 'invalid-duplicate-explicit-key.yaml',
      findings: [
        {
          messageId: 'duplicate-key-unnamed',
          line: 7,
          column: 5,
          endLine: 7,
          endColumn: 6,
          data: { end: '.', code: 'DUPLICATE_KEY', hint: 'Names in a map are unique: merge the two entries or rename one.' },
        },
        {
          messageId: 'duplicate-key',
          line: 12,
          column: 5,
          endLine: 12,
          endColumn: 6,
          data: { key: 'plain', end: '.', code: 'DUPLICATE_KEY', hint: 'Names in a map are unique: merge the two entries or rename one.' },
        },
      ],
    },
  ],
});
