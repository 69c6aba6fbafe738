import { runRuleTests } from '../testing/rule-tester.js';

runRuleTests('unproduced-event', {
  valid: ['valid-emitted-by-a-reaction.yaml'],
  invalid: [
    {
      file: 'invalid-state-and-reaction-wait.yaml',
      findings: [
        { messageId: 'unproduced', line: 10, column: 3, includes: ["'ParcelReceived' is awaited by 'Returns'"] },
        { messageId: 'unproduced', line: 11, column: 3, includes: ["'InspectionPassed' is awaited by 'Stock'"] },
      ],
    },
  ],
});
