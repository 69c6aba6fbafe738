import { runRuleTests } from '../testing/rule-tester.js';

runRuleTests('missing-outbox', {
  valid: ['valid-stateless-and-silent.yaml', 'valid-engine-run-coordinator.yaml'],
  invalid: [
    {
      file: 'invalid-coordinator-direct.yaml',
      findings: [{ messageId: 'direct', line: 7, column: 17, severity: 'error', includes: ["commands as the coordinator of 'Checkout'"] }],
    },
    {
      file: 'invalid-undeclared-event-sourced.yaml',
      findings: [{ messageId: 'undeclared', line: 4, column: 3, severity: 'warning', includes: ["events ('AccountOpened')"] }],
    },
  ],
});
