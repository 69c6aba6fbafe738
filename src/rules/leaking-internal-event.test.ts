import { runRuleTests } from '../testing/rule-tester.js';

runRuleTests('leaking-internal-event', {
  valid: ['valid-same-context-and-replies.yaml', 'valid-no-contexts.yaml'],
  invalid: [
    {
      file: 'invalid-saga-awaits-internal-event.yaml',
      findings: [
        {
          messageId: 'leak',
          line: 22,
          column: 20,
          endLine: 22,
          endColumn: 31,
          data: { event: 'CardCharged', from: 'Payments', consumer: 'Orders', to: 'Ordering', via: "awaited by a step of process 'Checkout'" },
        },
      ],
    },
    {
      file: 'invalid-reply-read-by-a-third-context.yaml',
      findings: [
        {
          messageId: 'leak',
          line: 12,
          column: 48,
          endLine: 12,
          endColumn: 59,
          data: { event: 'CardCharged', from: 'Payments', consumer: 'Analytics', to: 'Insights', via: 'through subscribes' },
        },
      ],
    },
    {
      file: 'invalid-choreography-and-consumed-by.yaml',
      findings: [
        {
          messageId: 'leak',
          line: 15,
          column: 18,
          endLine: 15,
          endColumn: 25,
          data: { event: 'OrderLineAdded', from: 'Ordering', consumer: 'Reports', to: 'Warehouse', via: 'through consumedBy' },
        },
        {
          messageId: 'leak',
          line: 21,
          column: 15,
          endLine: 21,
          endColumn: 29,
          data: { event: 'OrderLineAdded', from: 'Ordering', consumer: 'Stock', to: 'Warehouse', via: "handled by a reaction in process 'Fulfil'" },
        },
      ],
    },
  ],
});
