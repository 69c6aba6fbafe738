import { runRuleTests } from '../testing/rule-tester.js';

runRuleTests('pivot-violation', {
  valid: ['valid-read-only-and-retriable-after-pivot.yaml'],
  invalid: [
    {
      file: 'invalid-after-the-pivot.yaml',
      findings: [
        {
          messageId: 'severalPivots',
          line: 23,
          column: 49,
          endLine: 23,
          endColumn: 54,
          data: { process: 'Fulfil', step: 'ship', pivot: 'charge', first: 'charge' },
        },
        {
          messageId: 'notRetriable',
          line: 24,
          column: 55,
          endLine: 24,
          endColumn: 68,
          data: { process: 'Fulfil', step: 'voucher', pivot: 'charge', first: 'charge', kind: 'compensatable' },
        },
        {
          messageId: 'kindUnknown',
          line: 25,
          column: 9,
          endLine: 25,
          endColumn: 48,
          severity: 'info',
          data: { process: 'Fulfil', step: 'receipt', pivot: 'charge', first: 'charge' },
        },
      ],
    },
  ],
});
