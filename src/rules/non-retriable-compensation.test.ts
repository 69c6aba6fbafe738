import { runRuleTests } from '../testing/rule-tester.js';

runRuleTests('non-retriable-compensation', {
  valid: ['valid-default-retry-idempotent-handler.yaml', 'valid-none-has-nothing-to-retry.yaml'],
  invalid: [
    {
      file: 'invalid-unknown-idempotency-and-step-compensation.yaml',
      findings: [
        { messageId: 'idempotencyUnknown', line: 13, column: 13, severity: 'info', includes: ['CancelRoom', "'Hotels'"] },
        { messageId: 'noRetry', line: 20, column: 54, severity: 'error', includes: ['ReturnCar (undoing RentCar)'] },
      ],
    },
  ],
});
