import { runRuleTests } from '../testing/rule-tester.js';

runRuleTests('event-cycle', {
  valid: ['valid-diamond.yaml'],
  invalid: [
    {
      file: 'invalid-guarded-retry-loop.yaml',
      findings: [
        {
          messageId: 'guarded',
          line: 20,
          column: 9,
          severity: 'info',
          includes: ['StockReservationFailed → Orders → ReservationRetried → Stock → StockReservationFailed', "'attempts < 3'"],
        },
      ],
    },
  ],
});
