import { runRuleTests } from '../testing/rule-tester.js';

runRuleTests('non-retriable-compensation', {
  valid: ['valid-default-retry-idempotent-handler.yaml', 'valid-none-has-nothing-to-retry.yaml'],
  invalid: [
    {
      file: 'invalid-unknown-idempotency-and-step-compensation.yaml',
      findings: [
        {
          messageId: 'idempotencyUnknown',
          line: 13,
          column: 13,
          endLine: 13,
          endColumn: 23,
          severity: 'info',
          data: { command: 'CancelRoom', undoes: 'BookRoom', handler: 'Hotels' },
        },
        {
          messageId: 'noRetry',
          line: 20,
          column: 54,
          endLine: 20,
          endColumn: 63,
          severity: 'error',
          data: { command: 'ReturnCar', undoes: 'RentCar', handler: 'Cars' },
        },
      ],
    },
  ],
});
