import { runRuleTests } from '../testing/rule-tester.js';

runRuleTests('unknown-reference', {
  valid: ['valid-names-with-prototype-words.yaml'],
  invalid: [
    {
      file: 'invalid-many-kinds.yaml',
      findings: [
        {
          messageId: 'unknown',
          line: 7,
          column: 14,
          endLine: 7,
          endColumn: 21,
          data: { name: 'Ordring', kind: 'context', role: "the context of service 'Orders'", suggestion: " — did you mean 'Ordering'?" },
        },
        {
          messageId: 'unknown',
          line: 9,
          column: 25,
          endLine: 9,
          endColumn: 32,
          data: { name: 'defualt', kind: 'retry policy', role: "the consumer retry policy of service 'Orders'", suggestion: " — did you mean 'default'?" },
        },
        {
          messageId: 'unknown',
          line: 12,
          column: 78,
          endLine: 12,
          endColumn: 85,
          data: { name: 'orderID', kind: 'field', role: "the idempotency key of command 'ChargeCard'", suggestion: " — did you mean 'orderId'?" },
        },
        {
          messageId: 'unknown',
          line: 14,
          column: 46,
          endLine: 14,
          endColumn: 56,
          data: { name: 'ChargeCrad', kind: 'command', role: "a command that event 'CardCharged' replies to", suggestion: " — did you mean 'ChargeCard'?" },
        },
        {
          messageId: 'unknown',
          line: 19,
          column: 16,
          endLine: 19,
          endColumn: 26,
          data: { name: 'OrderPlacd', kind: 'event or command', role: "the starting message of process 'Checkout'", suggestion: '.' },
        },
        {
          messageId: 'unknown',
          line: 25,
          column: 16,
          endLine: 25,
          endColumn: 21,
          data: { name: 'amont', kind: 'field', role: "a field of the command step 'charge' sends", suggestion: " — did you mean 'amount'?" },
        },
      ],
    },
    {
      file: 'invalid-covered-by-later-step.yaml',
      findings: [
        { messageId: 'coveredByLater', line: 17, column: 72, endLine: 17, endColumn: 83, data: { step: 'add-seat', name: 'book-flight' } },
        { messageId: 'coveredByItself', line: 19, column: 88, endLine: 19, endColumn: 95, data: { step: 'add-bag', name: 'add-bag' } },
      ],
    },
    {
      file: 'invalid-revision-1-1-names.yaml',
      findings: [
        {
          messageId: 'unknown',
          line: 11,
          column: 19,
          endLine: 11,
          endColumn: 24,
          data: { name: 'nonee', kind: 'command', role: "the compensation of 'NotifyClaimant'", suggestion: " — did you mean 'none'?" },
        },
        {
          messageId: 'unknown',
          line: 22,
          column: 7,
          endLine: 22,
          endColumn: 18,
          data: {
            name: 'ClaimFiledd',
            kind: 'event or command',
            role: "a message correlated by another field of process 'Settle'",
            suggestion: " — did you mean 'ClaimFiled'?",
          },
        },
        {
          messageId: 'unknown',
          line: 23,
          column: 25,
          endLine: 23,
          endColumn: 32,
          data: {
            name: 'claimNo',
            kind: 'field',
            role: "the field that carries the correlation key of process 'Settle' in 'ClaimantNotified'",
            suggestion: " — did you mean 'claimId'?",
          },
        },
        {
          messageId: 'unknown',
          line: 26,
          column: 57,
          endLine: 26,
          endColumn: 63,
          data: { name: 'chanel', kind: 'field', role: "a field that step 'notify' sets", suggestion: " — did you mean 'channel'?" },
        },
      ],
    },
  ],
});
