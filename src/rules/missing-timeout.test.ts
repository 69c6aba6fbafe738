import { runRuleTests } from '../testing/rule-tester.js';

runRuleTests('missing-timeout', {
  valid: ['valid-own-work-and-state-timeout.yaml', 'valid-start-messages-leave-initial.yaml', 'valid-choreography-of-start-events.yaml'],
  invalid: [
    {
      file: 'invalid-process-manager-and-choreography.yaml',
      findings: [
        { messageId: 'processManager', line: 15, column: 3, endLine: 15, endColumn: 7, data: { process: 'Ship', waits: "'Booking'" } },
        { messageId: 'choreography', line: 25, column: 3, endLine: 25, endColumn: 7, data: { process: 'Pick', waits: 'Carrier on ItemsPicked' } },
      ],
    },
    {
      file: 'invalid-waits-for-second-start-message.yaml',
      findings: [
        {
          messageId: 'processManager',
          line: 15,
          column: 3,
          endLine: 15,
          endColumn: 17,
          data: { process: 'ShippingPolicy', waits: "'AwaitingBilling', 'AwaitingPlacement'" },
        },
      ],
    },
  ],
});
