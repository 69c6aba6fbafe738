import { runRuleTests } from '../testing/rule-tester.js';

runRuleTests('pattern-mismatch', {
  valid: ['valid-branching-process-manager.yaml', 'valid-timeout-is-a-branch.yaml'],
  invalid: [
    {
      file: 'invalid-saga-with-decisions.yaml',
      findings: [{ messageId: 'sagaDecisions', line: 13, column: 3, includes: ["3 decision points ('guarantor', 'collateral', 'underwriter')"] }],
    },
    {
      file: 'invalid-wide-and-long-choreography.yaml',
      findings: [
        { messageId: 'longChoreography', line: 26, column: 3, includes: ['chains 6 reactions'] },
        { messageId: 'wideChoreography', line: 26, column: 3, includes: ['involves 6 services'] },
      ],
    },
    {
      file: 'invalid-self-transition-is-no-branch.yaml',
      findings: [{ messageId: 'straightProcessManager', line: 13, column: 3, includes: ["'Import' is a straight line"] }],
    },
  ],
});
