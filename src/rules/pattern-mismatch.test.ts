import { runRuleTests } from '../testing/rule-tester.js';

runRuleTests('pattern-mismatch', {
  valid: ['valid-branching-process-manager.yaml', 'valid-timeout-is-a-branch.yaml'],
  invalid: [
    {
      file: 'invalid-saga-with-decisions.yaml',
      findings: [
        {
          messageId: 'sagaDecisions',
          line: 13,
          column: 3,
          endLine: 13,
          endColumn: 15,
          data: { process: 'ApplyForLoan', count: 3, steps: "'guarantor', 'collateral', 'underwriter'" },
        },
      ],
    },
    {
      file: 'invalid-wide-and-long-choreography.yaml',
      findings: [
        { messageId: 'longChoreography', line: 26, column: 3, endLine: 26, endColumn: 8, data: { process: 'Relay', count: 6, max: 5 } },
        { messageId: 'wideChoreography', line: 26, column: 3, endLine: 26, endColumn: 8, data: { process: 'Relay', count: 6, max: 4 } },
      ],
    },
    {
      file: 'invalid-self-transition-is-no-branch.yaml',
      findings: [{ messageId: 'straightProcessManager', line: 13, column: 3, endLine: 13, endColumn: 9, data: { process: 'Import' } }],
    },
  ],
});
