import { runRuleTests } from '../testing/rule-tester.js';

runRuleTests('orphan-event', {
  valid: ['valid-outcomes-and-replies.yaml'],
  invalid: [
    {
      file: 'invalid-state-stored-producer.yaml',
      findings: [
        { messageId: 'orphan', line: 6, column: 3, severity: 'info' },
        { messageId: 'orphan', line: 7, column: 3, severity: 'info' },
      ],
    },
  ],
});
