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
          endLine: 20,
          endColumn: 109,
          severity: 'info',
          data: {
            process: 'Reserve',
            chain: 'StockReservationFailed → Orders → ReservationRetried → Stock → StockReservationFailed',
            closing: 'Stock on ReservationRetried',
            event: 'StockReservationFailed',
            guards: "'attempts < 3'",
          },
        },
      ],
    },
  ],
});
