import { runRuleTests } from '../testing/rule-tester.js';

runRuleTests('missing-compensation', {
  valid: [
    'valid-covered-and-read-only.yaml',
    'valid-last-step-needs-none.yaml',
    'valid-choreography-compensation-chain.yaml',
    'valid-process-manager.yaml',
    // Revision 1.1
    'valid-none-needs-no-undo.yaml',
    'valid-failure-belongs-to-its-command.yaml',
    'valid-choreography-own-failure-outcome.yaml',
  ],
  invalid: [
    {
      file: 'invalid-saga-step-before-pivot.yaml',
      findings: [
        { messageId: 'sagaStep', line: 26, column: 9, path: ['processes', 'BookTrip', 'steps', 1], includes: ["'book-hotel'", "'charge-card'", "'BookHotel'"] },
      ],
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
    {
      file: 'invalid-process-manager-failure-of-another-command.yaml',
      findings: [{ messageId: 'processManager', line: 37, column: 11, includes: ["after sending 'HoldStock', and nothing on that path compensates it"] }],
    },
    {
      file: 'invalid-choreography-success-before-failure.yaml',
      findings: [
        {
          messageId: 'choreography',
          line: 28,
          column: 9,
          includes: ["'Customers' runs ReserveCredit", "'OrderRejected' and 'StockShortage'", 'ReleaseCredit'],
        },
      ],
    },
  ],
});
