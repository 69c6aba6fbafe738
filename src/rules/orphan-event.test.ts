import { runRuleTests } from '../testing/rule-tester.js';

runRuleTests('orphan-event', {
  valid: ['valid-outcomes-and-replies.yaml'],
  invalid: [
    {
      file: 'invalid-state-stored-producer.yaml',
      findings: [
        { messageId: 'orphan', line: 6, column: 3, endLine: 6, endColumn: 16, severity: 'info', data: { event: 'AccountOpened', producer: 'Accounts' } },
        {
          messageId: 'orphan',
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 25,
          severity: 'info',
          data: { event: 'AccountNicknameChanged', producer: 'Accounts' },
        },
      ],
    },
  ],
});
