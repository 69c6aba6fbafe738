import { runRuleTests } from '../testing/rule-tester.js';

runRuleTests('missing-compensation', {
  valid: [
    'valid-covered-and-read-only.yaml',
    'valid-last-step-needs-none.yaml',
    'valid-choreography-compensation-chain.yaml',
    'valid-process-manager.yaml',
  ],
  invalid: [
    {
      file: 'invalid-saga-step-before-pivot.yaml',
      findings: [{ messageId: 'sagaStep', line: 26, column: 9, path: ['processes', 'BookTrip', 'steps', 1], includes: ["'book-hotel'", "'charge-card'", "'BookHotel'"] }],
    },
    {
      file: 'invalid-multi-command-step.yaml',
      findings: [
        { messageId: 'sagaStep', line: 20, column: 9, includes: ["nothing undoes 'RedeemCoupon'"] },
        { messageId: 'compensateOnFailure', line: 22, column: 9, includes: ["'charge'"] },
      ],
    },
    {
      file: 'invalid-choreography-chain.yaml',
      findings: [{ messageId: 'choreography', line: 26, column: 9, includes: ["'Shipping' runs BookCourier", "'CustomsRejected'", 'CancelCourier'] }],
    },
    {
      file: 'invalid-process-manager-timeout.yaml',
      findings: [
        {
          messageId: 'processManager',
          line: 39,
          column: 9,
          path: ['processes', 'SellTicket', 'states', 'Charging', 'timeout'],
          includes: ["'Failed'", "the timeout of 'Charging'", "'HoldSeat' and 'ChargeCard'"],
        },
      ],
    },
  ],
});
