import { runRuleTests } from '../testing/rule-tester.js';

runRuleTests('unproduced-event', {
  valid: ['valid-emitted-by-a-reaction.yaml'],
  invalid: [
    {
      file: 'invalid-state-and-reaction-wait.yaml',
      findings: [
        { messageId: 'unproduced', line: 10, column: 3, endLine: 10, endColumn: 17, data: { event: 'ParcelReceived', consumers: "'Returns'" } },
        { messageId: 'unproduced', line: 11, column: 3, endLine: 11, endColumn: 19, data: { event: 'InspectionPassed', consumers: "'Stock'" } },
      ],
    },
  ],
});
