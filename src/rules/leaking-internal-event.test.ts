import { runRuleTests } from '../testing/rule-tester.js';

runRuleTests('leaking-internal-event', {
  valid: ['valid-same-context-and-replies.yaml', 'valid-no-contexts.yaml'],
  invalid: [
    {
      file: 'invalid-saga-awaits-internal-event.yaml',
      findings: [{ messageId: 'leak', line: 22, column: 20, includes: ["'CardCharged'", "'Payments'", "'Orders'", "'Ordering'", "process 'Checkout'"] }],
    },
    {
      file: 'invalid-reply-read-by-a-third-context.yaml',
      findings: [{ messageId: 'leak', line: 12, column: 48, includes: ["'CardCharged'", "'Analytics'", "'Insights'", 'subscribes'] }],
    },
    {
      file: 'invalid-choreography-and-consumed-by.yaml',
      findings: [
        { messageId: 'leak', line: 15, column: 18, includes: ["'Reports'", 'consumedBy'] },
        { messageId: 'leak', line: 21, column: 15, includes: ["'Stock'", "reaction in process 'Fulfil'"] },
      ],
    },
  ],
});
