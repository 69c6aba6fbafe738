import { runRuleTests } from '../testing/rule-tester.js';

runRuleTests('sync-dependency', {
  valid: ['valid-subscriber-and-outsider.yaml', 'valid-suppressed.yaml'],
  invalid: [
    {
      file: 'invalid-chain.yaml',
      findings: [
        {
          messageId: 'call',
          line: 8,
          column: 9,
          severity: 'warning',
          includes: ['Orders → Payments → Fraud', 'No timeout is declared for Orders → Payments.'],
        },
        { messageId: 'call', line: 13, column: 9, severity: 'warning', includes: ['Payments → Fraud.', 'Fraud handles ScreenOrder'] },
      ],
    },
    {
      file: 'invalid-cycle-of-three.yaml',
      findings: [
        { messageId: 'cycle', line: 6, column: 13, severity: 'error', includes: ['A → B → C → A', 'No timeout is declared for C → A.'] },
        { messageId: 'cycle', line: 8, column: 13, severity: 'error', includes: ['B → C → A → B'] },
        { messageId: 'cycle', line: 10, column: 13, severity: 'error', includes: ['C → A → B → C'] },
      ],
    },
  ],
});
