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
          endLine: 9,
          endColumn: 23,
          severity: 'warning',
          data: {
            caller: 'Orders',
            callee: 'Payments',
            protocol: ' (http)',
            chain: 'Orders → Payments → Fraud',
            timeouts: ' No timeout is declared for Orders → Payments.',
            roles: 'Orders coordinates Checkout; Payments handles ChargeCard in Checkout',
          },
        },
        {
          messageId: 'call',
          line: 13,
          column: 9,
          endLine: 15,
          endColumn: 23,
          severity: 'warning',
          data: {
            caller: 'Payments',
            callee: 'Fraud',
            protocol: ' (grpc)',
            chain: 'Payments → Fraud',
            timeouts: '',
            roles: 'Payments handles ChargeCard in Checkout; Fraud handles ScreenOrder in Checkout',
          },
        },
      ],
    },
    {
      file: 'invalid-cycle-of-three.yaml',
      findings: [
        {
          messageId: 'cycle',
          line: 6,
          column: 13,
          endLine: 6,
          endColumn: 40,
          severity: 'error',
          data: { caller: 'A', callee: 'B', protocol: '', chain: 'A → B → C → A', timeouts: ' No timeout is declared for C → A.' },
        },
        {
          messageId: 'cycle',
          line: 8,
          column: 13,
          endLine: 8,
          endColumn: 40,
          severity: 'error',
          data: { caller: 'B', callee: 'C', protocol: '', chain: 'B → C → A → B', timeouts: ' No timeout is declared for C → A.' },
        },
        {
          messageId: 'cycle',
          line: 10,
          column: 13,
          endLine: 10,
          endColumn: 27,
          severity: 'error',
          data: { caller: 'C', callee: 'A', protocol: '', chain: 'C → A → B → C', timeouts: ' No timeout is declared for C → A.' },
        },
      ],
    },
  ],
});
