import { runRuleTests } from '../testing/rule-tester.js';

runRuleTests('unreliable-messaging', {
  valid: ['valid-no-processes.yaml'],
  invalid: [{ file: 'invalid-not-durable.yaml', findings: [{ messageId: 'notDurable', line: 18, column: 14, endLine: 18, endColumn: 19 }] }],
});
