import { runRuleTests } from '../testing/rule-tester.js';

runRuleTests('missing-observability', {
  valid: ['valid-no-processes.yaml'],
  invalid: [
    {
      file: 'invalid-nothing-declared.yaml',
      findings: [{ messageId: 'nothingDeclared', line: 15, column: 1, endLine: 15, endColumn: 15, data: { processes: '1 process' } }],
    },
    { file: 'invalid-no-correlation-ids.yaml', findings: [{ messageId: 'noCorrelationIds', line: 17, column: 18, endLine: 17, endColumn: 23 }] },
  ],
});
