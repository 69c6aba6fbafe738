import { runRuleTests } from '../testing/rule-tester.js';

runRuleTests('insufficient-event-context', {
  valid: ['valid-unknown-fields-are-not-guessed.yaml', 'valid-sets-correlate-by-and-joins.yaml'],
  invalid: [
    {
      file: 'invalid-compensation-and-batch.yaml',
      findings: [
        {
          messageId: 'missing',
          line: 11,
          column: 13,
          endLine: 11,
          endColumn: 24,
          data: {
            where: "The compensation of step 'hold'",
            command: 'ReleaseRoom',
            fields: "'holdId'",
            them: 'it',
            held: "'bookingId', 'roomId', 'roomIds'",
            target: 'holdId',
          },
        },
        {
          messageId: 'missing',
          line: 23,
          column: 9,
          endLine: 23,
          endColumn: 62,
          data: {
            where: "Step 'confirm'",
            command: 'ConfirmGroup',
            fields: "'contactId'",
            them: 'it',
            held: "'bookingId', 'roomId', 'roomIds'",
            target: 'contactId',
          },
        },
      ],
    },
    {
      file: 'invalid-process-manager-and-choreography.yaml',
      findings: [
        {
          messageId: 'missing',
          line: 23,
          column: 15,
          endLine: 23,
          endColumn: 30,
          data: {
            where: "State 'Assigning'",
            command: 'NotifyRecipient',
            fields: "'recipientEmail'",
            them: 'it',
            held: "'address', 'courierName', 'deliveryId'",
            target: 'recipientEmail',
          },
        },
        {
          messageId: 'missing',
          line: 30,
          column: 9,
          endLine: 30,
          endColumn: 107,
          data: {
            where: 'The reaction of Mail to CourierAssigned',
            command: 'NotifyRecipient',
            fields: "'email' (mapped to 'recipientEmail')",
            them: 'it',
            held: "'courierName', 'deliveryId'",
            target: 'recipientEmail',
          },
        },
      ],
    },
    {
      file: 'invalid-one-finding-per-command.yaml',
      findings: [
        {
          messageId: 'missing',
          line: 13,
          column: 17,
          endLine: 13,
          endColumn: 28,
          data: {
            where: "The compensation of step 'debit'",
            command: 'RefundDebit',
            fields: "'debitId'",
            them: 'it',
            held: "'accountId', 'toAccountId', 'transferId'",
            target: 'debitId',
          },
        },
        {
          messageId: 'missing',
          line: 28,
          column: 9,
          endLine: 28,
          endColumn: 74,
          data: {
            where: "Step 'debit'",
            command: 'DebitAccount',
            fields: "'amount', 'currency' and 'reference'",
            them: 'them',
            held: "'accountId', 'toAccountId', 'transferId'",
            target: 'amount',
          },
        },
      ],
    },
  ],
});
