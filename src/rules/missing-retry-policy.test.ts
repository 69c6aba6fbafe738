import { runRuleTests } from '../testing/rule-tester.js';

runRuleTests('missing-retry-policy', {
  valid: ['valid-policies-on-commands-and-consumers.yaml', 'valid-event-compensation-retried-by-consumers.yaml'],
  invalid: [
    { file: 'invalid-consumer-without-policy.yaml', findings: [{ messageId: 'consumer', line: 5, column: 3, includes: ["'Mailer' consumes 'OrderPlaced'"] }] },
    {
      file: 'invalid-event-compensation-consumer-without-policy.yaml',
      findings: [{ messageId: 'consumer', line: 7, column: 36, includes: ["'Warehouse' consumes 'AllocationReleaseRequested' with no retry policy"] }],
    },
  ],
});
