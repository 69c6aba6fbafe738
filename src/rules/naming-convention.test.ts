import { runRuleTests } from '../testing/rule-tester.js';

runRuleTests('naming-convention', {
  valid: ['valid-replies-and-third-parties.yaml', 'valid-suffixes-and-imperatives.yaml'],
  invalid: [
    {
      file: 'invalid-mixed-casing.yaml',
      findings: [
        {
          messageId: 'mixedCasing',
          line: 8,
          column: 3,
          endLine: 8,
          endColumn: 13,
          data: { kind: 'Command', kinds: 'commands', name: 'ship_order', casing: 'snake_case', usual: 'PascalCase' },
        },
        {
          messageId: 'mixedCasing',
          line: 12,
          column: 3,
          endLine: 12,
          endColumn: 16,
          data: { kind: 'Event', kinds: 'events', name: 'order-shipped', casing: 'kebab-case', usual: 'PascalCase' },
        },
        { messageId: 'eventTense', line: 13, column: 3, endLine: 13, endColumn: 14, data: { name: 'OrderStatus', example: 'OrderPlaced, PaymentFailed' } },
      ],
    },
    {
      file: 'invalid-suffix-does-not-name-a-fact.yaml',
      findings: [
        { messageId: 'commandVerb', line: 7, column: 3, endLine: 7, endColumn: 14, data: { name: 'PaymentTask', example: 'PlaceOrder, ReserveStock' } },
        {
          messageId: 'eventTense',
          line: 10,
          column: 3,
          endLine: 10,
          endColumn: 24,
          data: { name: 'CartStatusDomainEvent', example: 'OrderPlaced, PaymentFailed' },
        },
      ],
    },
  ],
});
