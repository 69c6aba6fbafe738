import { runRuleTests } from '../testing/rule-tester.js';

runRuleTests('missing-timeout', {
  valid: ['valid-own-work-and-state-timeout.yaml', 'valid-start-messages-leave-initial.yaml', 'valid-choreography-of-start-events.yaml'],
  invalid: [
    {
      file: 'invalid-process-manager-and-choreography.yaml',
      findings: [
        { messageId: 'processManager', line: 15, column: 3, includes: ["in 'Booking'"] },
        { messageId: 'choreography', line: 25, column: 3, includes: ['(Carrier on ItemsPicked)'] },
      ],
    },
    {
      file: 'invalid-waits-for-second-start-message.yaml',
      findings: [{ messageId: 'processManager', line: 15, column: 3, includes: ["in 'AwaitingBilling', 'AwaitingPlacement' with"] }],
    },
  ],
});
