import { runRuleTests } from '../testing/rule-tester.js';

runRuleTests('missing-failure-path', {
  valid: ['valid-starting-step-and-retriable.yaml'],
  invalid: [
    {
      file: 'invalid-pivot-without-failure.yaml',
      findings: [{ messageId: 'sagaStep', line: 21, column: 9, endLine: 21, endColumn: 59, data: { step: 'charge', command: 'ChargeCard', handler: 'Cards' } }],
    },
  ],
});
