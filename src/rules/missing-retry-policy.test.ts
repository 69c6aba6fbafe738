import { runRuleTests } from '../testing/rule-tester.js';

runRuleTests('missing-retry-policy', {
  valid: ['valid-policies-on-commands-and-consumers.yaml', 'valid-event-compensation-retried-by-consumers.yaml', 'valid-step-retries-on-an-engine.yaml'],
  invalid: [
    {
      file: 'invalid-consumer-without-policy.yaml',
      findings: [{ messageId: 'consumer', line: 5, column: 3, endLine: 5, endColumn: 9, data: { service: 'Mailer', messages: "'OrderPlaced'" } }],
    },
    {
      file: 'invalid-event-compensation-consumer-without-policy.yaml',
      findings: [
        { messageId: 'consumer', line: 7, column: 36, endLine: 7, endColumn: 45, data: { service: 'Warehouse', messages: "'AllocationReleaseRequested'" } },
      ],
    },
  ],
});
