import { runRuleTests } from '../testing/rule-tester.js';

runRuleTests('insufficient-event-context', {
  valid: ['valid-unknown-fields-are-not-guessed.yaml', 'valid-sets-correlate-by-and-joins.yaml'],
  invalid: [
    {
      file: 'invalid-compensation-and-batch.yaml',
      findings: [
        { messageId: 'missing', line: 11, column: 13, includes: ["The compensation of step 'hold' sends ReleaseRoom, which needs 'holdId'"] },
        { messageId: 'missing', line: 23, column: 9, includes: ["Step 'confirm' sends ConfirmGroup, which needs 'contactId'", "'roomId'"] },
      ],
    },
    {
      file: 'invalid-process-manager-and-choreography.yaml',
      findings: [
        { messageId: 'missing', line: 23, column: 15, includes: ["State 'Assigning' sends NotifyRecipient, which needs 'recipientEmail'"] },
        { messageId: 'missing', line: 30, column: 9, includes: ["needs 'email' (mapped to 'recipientEmail')"] },
      ],
    },
    {
      file: 'invalid-one-finding-per-command.yaml',
      findings: [
        { messageId: 'missing', line: 13, column: 17, includes: ["The compensation of step 'debit' sends RefundDebit, which needs 'debitId'"] },
        {
          messageId: 'missing',
          line: 28,
          column: 9,
          includes: ["Step 'debit' sends DebitAccount, which needs 'amount', 'currency' and 'reference'", 'does not hold them there'],
        },
      ],
    },
  ],
});
