import { runRuleTests } from '../testing/rule-tester.js';

runRuleTests('external-event-contract', {
  valid: ['valid-internal-events-need-no-contract.yaml'],
  invalid: [
    {
      file: 'invalid-no-version.yaml',
      findings: [{ messageId: 'noVersion', line: 6, column: 3, endLine: 6, endColumn: 15, severity: 'info', data: { event: 'PriceChanged' } }],
    },
  ],
});
