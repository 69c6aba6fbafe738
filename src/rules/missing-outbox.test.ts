import { runRuleTests } from '../testing/rule-tester.js';

runRuleTests('missing-outbox', {
  valid: ['valid-stateless-and-silent.yaml', 'valid-engine-run-coordinator.yaml', 'valid-engine-task-replies.yaml'],
  invalid: [
    {
      file: 'invalid-coordinator-direct.yaml',
      findings: [
        {
          messageId: 'direct',
          line: 7,
          column: 17,
          endLine: 7,
          endColumn: 23,
          severity: 'error',
          data: { service: 'Orders', what: "commands as the coordinator of 'Checkout'" },
        },
      ],
    },
    {
      file: 'invalid-undeclared-event-sourced.yaml',
      findings: [
        {
          messageId: 'undeclared',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 11,
          severity: 'warning',
          data: { service: 'Accounts', what: "events ('AccountOpened')", suggested: 'event-store' },
        },
      ],
    },
  ],
});
