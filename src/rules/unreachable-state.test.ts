import { runRuleTests } from '../testing/rule-tester.js';

runRuleTests('unreachable-state', {
  valid: ['valid-reached-by-timeout.yaml'],
  invalid: [
    {
      file: 'invalid-two-islands.yaml',
      findings: [
        { messageId: 'unreachable', line: 19, column: 7, endLine: 19, endColumn: 16, data: { state: 'PayingOut', process: 'Claim', initial: 'Assessing' } },
        { messageId: 'unreachable', line: 22, column: 7, endLine: 22, endColumn: 11, data: { state: 'Paid', process: 'Claim', initial: 'Assessing' } },
      ],
    },
  ],
});
