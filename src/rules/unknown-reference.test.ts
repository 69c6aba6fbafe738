import { runRuleTests } from '../testing/rule-tester.js';

runRuleTests('unknown-reference', {
  valid: ['valid-names-with-prototype-words.yaml'],
  invalid: [
    {
      file: 'invalid-many-kinds.yaml',
      findings: [
        { messageId: 'unknown', line: 7, column: 14, includes: ["'Ordring' is not a declared context", "did you mean 'Ordering'?"] },
        { messageId: 'unknown', line: 9, column: 25, includes: ['retry policy', "did you mean 'default'?"] },
        { messageId: 'unknown', line: 12, column: 78, includes: ["'orderID' is not a declared field", "did you mean 'orderId'?"] },
        { messageId: 'unknown', line: 14, column: 46, includes: ["did you mean 'ChargeCard'?"] },
        { messageId: 'unknown', line: 19, column: 16, includes: ["'OrderPlacd' is not a declared event or command"] },
        { messageId: 'unknown', line: 25, column: 16, includes: ["'amont' is not a declared field", "did you mean 'amount'?"] },
      ],
    },
    {
      file: 'invalid-covered-by-later-step.yaml',
      findings: [
        { messageId: 'coveredByLater', line: 17, column: 72, data: { step: 'add-seat', name: 'book-flight' } },
        { messageId: 'coveredByItself', line: 19, column: 88, data: { step: 'add-bag', name: 'add-bag' } },
      ],
    },
    {
      file: 'invalid-revision-1-1-names.yaml',
      findings: [
        { messageId: 'unknown', line: 11, column: 19, includes: ["'nonee'", "did you mean 'none'?"] },
        { messageId: 'unknown', line: 22, column: 7, includes: ["'ClaimFiledd'", "did you mean 'ClaimFiled'?"] },
        { messageId: 'unknown', line: 23, column: 25, includes: ["'claimNo' is not a declared field", "did you mean 'claimId'?"] },
        { messageId: 'unknown', line: 26, column: 57, includes: ["'chanel'", "did you mean 'channel'?"] },
      ],
    },
  ],
});
