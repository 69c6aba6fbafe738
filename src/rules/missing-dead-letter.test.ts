import { runRuleTests } from '../testing/rule-tester.js';

runRuleTests('missing-dead-letter', {
  valid: ['valid-workflow-engine-and-own-queue.yaml', 'valid-engine-task-workers.yaml'],
  invalid: [
    {
      file: 'invalid-dead-letter-turned-off.yaml',
      findings: [{ messageId: 'missing', line: 7, column: 5, endLine: 7, endColumn: 14, data: { service: 'Cards', messages: "'ChargeCard'" } }],
    },
    {
      file: 'invalid-worker-that-also-subscribes.yaml',
      findings: [{ messageId: 'missing', line: 6, column: 3, endLine: 6, endColumn: 10, data: { service: 'HotelFn', messages: "'HotelPriceChanged'" } }],
    },
  ],
});
