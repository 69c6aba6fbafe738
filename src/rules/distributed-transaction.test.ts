import { runRuleTests } from '../testing/rule-tester.js';

runRuleTests('distributed-transaction', {
  valid: ['valid-atomic-within-one-service.yaml', 'valid-2pc-single-service.yaml'],
  invalid: [
    {
      file: 'invalid-atomic-step.yaml',
      findings: [{ messageId: 'atomicStep', line: 17, column: 17, includes: ["'BookFlight' and 'BookHotel'", "'Flights' and 'Hotels'"] }],
    },
    { file: 'invalid-xa.yaml', findings: [{ messageId: 'crossServiceAcid', line: 7, column: 17, includes: ['XA', '2 services'] }] },
  ],
});
