import { runRuleTests } from '../testing/rule-tester.js';

runRuleTests('batch-partial-failure', {
  valid: ['valid-continue.yaml'],
  invalid: [
    {
      file: 'invalid-batch-without-strategy.yaml',
      findings: [
        { messageId: 'missing', line: 14, column: 9, endLine: 17, endColumn: 20, data: { step: 'pay-everyone', command: 'PaySalary', forEach: 'employeeIds' } },
      ],
    },
  ],
});
