import { runRuleTests } from '../testing/rule-tester.js';

runRuleTests('distributed-transaction', {
  valid: ['valid-atomic-within-one-service.yaml', 'valid-2pc-single-service.yaml'],
  invalid: [
    {
      file: 'invalid-atomic-step.yaml',
      findings: [
        {
          messageId: 'atomicStep',
          line: 17,
          column: 17,
          endLine: 17,
          endColumn: 21,
          data: { step: 'book-everything', process: 'BookTrip', commands: "'BookFlight' and 'BookHotel'", services: "'Flights' and 'Hotels'" },
        },
      ],
    },
    { file: 'invalid-xa.yaml', findings: [{ messageId: 'crossServiceAcid', line: 7, column: 17, endLine: 7, endColumn: 19, data: { kind: 'XA', count: 2 } }] },
  ],
});
