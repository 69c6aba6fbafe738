import { runRuleTests } from '../testing/rule-tester.js';

runRuleTests('naming-convention', {
  valid: ['valid-replies-and-third-parties.yaml', 'valid-suffixes-and-imperatives.yaml'],
  invalid: [
    {
      file: 'invalid-mixed-casing.yaml',
      findings: [
        { messageId: 'mixedCasing', line: 8, column: 3, includes: ["'ship_order' is snake_case while most commands are PascalCase"] },
        { messageId: 'mixedCasing', line: 12, column: 3, includes: ["'order-shipped' is kebab-case"] },
        { messageId: 'eventTense', line: 13, column: 3, includes: ["'OrderStatus'"] },
      ],
    },
    {
      file: 'invalid-suffix-does-not-name-a-fact.yaml',
      findings: [
        { messageId: 'commandVerb', line: 7, column: 3, includes: ["'PaymentTask'"] },
        { messageId: 'eventTense', line: 10, column: 3, includes: ["'CartStatusDomainEvent'"] },
      ],
    },
  ],
});
