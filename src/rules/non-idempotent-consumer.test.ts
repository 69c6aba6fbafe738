import { runRuleTests } from '../testing/rule-tester.js';

runRuleTests('non-idempotent-consumer', {
  valid: ['valid-exactly-once.yaml'],
  invalid: [{ file: 'invalid-declared-not-idempotent.yaml', findings: [{ messageId: 'notIdempotent', line: 6, column: 30, includes: ["'PaymentCaptured'"] }] }],
});
