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
        {
          messageId: 'sagaStep',
          line: 26,
          column: 9,
          endLine: 28,
          endColumn: 38,
          path: ['processes', 'BookTrip', 'steps', 1],
          data: { step: 'book-hotel', commands: "'BookHotel'", later: 'charge-card', command: 'BookHotel' },
        },
      ],
    },
    {
      file: 'invalid-multi-command-step.yaml',
      findings: [
        {
          messageId: 'sagaStep',
          line: 20,
          column: 9,
          endLine: 21,
          endColumn: 46,
          data: { step: 'reserve-and-redeem', commands: "'RedeemCoupon'", later: 'charge', command: 'RedeemCoupon' },
        },
        { messageId: 'compensateOnFailure', line: 22, column: 9, endLine: 24, endColumn: 34, data: { step: 'charge', command: 'ChargeCard' } },
      ],
    },
    {
      file: 'invalid-choreography-chain.yaml',
      findings: [
        {
          messageId: 'choreography',
          line: 26,
          column: 9,
          endLine: 29,
          endColumn: 31,
          data: {
            service: 'Shipping',
            command: 'BookCourier',
            event: 'OrderConfirmed',
            failures: "'CustomsRejected'",
            them: 'it',
            compensation: 'CancelCourier',
            first: 'CustomsRejected',
            action: 'command: CancelCourier',
          },
        },
      ],
    },
    {
      file: 'invalid-process-manager-timeout.yaml',
      findings: [
        {
          messageId: 'processManager',
          line: 39,
          column: 9,
          endLine: 39,
          endColumn: 16,
          path: ['processes', 'SellTicket', 'states', 'Charging', 'timeout'],
          data: {
            process: 'SellTicket',
            state: 'Failed',
            trigger: "on the timeout of 'Charging'",
            commands: "'HoldSeat' and 'ChargeCard'",
            them: 'them',
            command: 'HoldSeat',
            undo: "'ReleaseSeat' and 'RefundCard'",
            declare: '',
          },
        },
      ],
    },
    {
      file: 'invalid-process-manager-failure-of-another-command.yaml',
      findings: [
        {
          messageId: 'processManager',
          line: 37,
          column: 11,
          endLine: 37,
          endColumn: 26,
          data: {
            process: 'Authorize',
            state: 'Rejected',
            trigger: "on AccountDisabled from 'Authorizing'",
            commands: "'HoldStock'",
            them: 'it',
            command: 'HoldStock',
            undo: "'ReleaseStock'",
            declare: '',
          },
        },
      ],
    },
    {
      file: 'invalid-choreography-success-before-failure.yaml',
      findings: [
        {
          messageId: 'choreography',
          line: 28,
          column: 9,
          endLine: 32,
          endColumn: 40,
          data: {
            service: 'Customers',
            command: 'ReserveCredit',
            event: 'OrderCreated',
            failures: "'OrderRejected' and 'StockShortage'",
            them: 'them',
            compensation: 'ReleaseCredit',
            first: 'OrderRejected',
            action: 'command: ReleaseCredit',
          },
        },
      ],
    },
  ],
});
