import { runRuleTests } from '../testing/rule-tester.js';

runRuleTests('retry-budget', {
  // The second: 12 states each leading to every other, 11! simple paths; the walk stays within its budget.
  valid: ['valid-room-for-retries.yaml', 'valid-densely-connected-states.yaml'],
  invalid: [
    {
      // Exponential from 10s capped at 1m over four retries (2m 10s), then explicit intervals (1m 40s).
      file: 'invalid-saga-deadline.yaml',
      findings: [
        {
          messageId: 'deadline',
          line: 14,
          column: 14,
          endLine: 14,
          endColumn: 16,
          severity: 'warning',
          path: ['processes', 'PlaceOrder', 'timeout'],
          data: {
            process: 'PlaceOrder',
            deadline: '2m',
            worst: '3m 50s',
            parts: "step 'reserve' (ReserveStock, 'patient': 2m 10s) and step 'charge' (ChargeCard, 'listed': 1m 40s)",
          },
        },
      ],
    },
    {
      // The longest path through the states: debit, credit declined, refund.
      file: 'invalid-process-manager-longest-path.yaml',
      findings: [
        {
          messageId: 'deadline',
          line: 21,
          column: 14,
          endLine: 21,
          endColumn: 16,
          data: {
            process: 'Transfer',
            worst: '1m 30s',
            parts: "'Debiting' (Debit, 'steady': 30s), 'Crediting' (Credit, 'steady': 30s) and 'Refunding' (Refund, 'steady': 30s)",
          },
        },
      ],
    },
    {
      file: 'invalid-nested-retries.yaml',
      findings: [
        {
          messageId: 'nested',
          line: 13,
          column: 5,
          endLine: 13,
          endColumn: 13,
          severity: 'info',
          data: { services: "'Billing'", total: 80, policy: 'stubborn', attempts: 8, deliveries: 10 },
        },
      ],
    },
  ],
});
