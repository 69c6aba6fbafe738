import { runRuleTests } from '../testing/rule-tester.js';

runRuleTests('non-idempotent-consumer', {
  valid: ['valid-exactly-once.yaml'],
  invalid: [
    {
      file: 'invalid-declared-not-idempotent.yaml',
      findings: [{ messageId: 'notIdempotent', line: 6, column: 30, endLine: 6, endColumn: 35, data: { service: 'Ledger', messages: "'PaymentCaptured'" } }],
    },
  ],
});
