import { runRuleTests } from '../testing/rule-tester.js';

runRuleTests('yaml-syntax', {
  valid: ['valid-anchors-in-moderation.yaml'],
  invalid: [
    { file: 'invalid-bad-indentation.yaml', findings: [{ messageId: 'syntax', line: 6, column: 1 }] },
    { file: 'invalid-two-documents.yaml', findings: [{ messageId: 'syntax', line: 3, column: 1, includes: ['2 YAML documents'] }] },
    { file: 'invalid-alias-bomb.yaml', findings: [{ messageId: 'syntax', line: 4, column: 8, includes: ['alias bomb'] }] },
  ],
});
