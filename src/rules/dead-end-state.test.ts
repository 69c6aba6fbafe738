import { runRuleTests } from '../testing/rule-tester.js';

runRuleTests('dead-end-state', {
  valid: ['valid-terminal-true.yaml'],
  invalid: [
    {
      file: 'invalid-only-self-transitions.yaml',
      findings: [{ messageId: 'onlySelf', line: 15, column: 7, endLine: 15, endColumn: 17, data: { state: 'Collecting', process: 'Collect' } }],
    },
  ],
});
