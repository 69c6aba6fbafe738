import { runRuleTests } from '../testing/rule-tester.js';

runRuleTests('schema', {
  valid: ['valid-extensions-and-json-style.yaml'],
  invalid: [
    {
      // The parts in imports/ make one design with the root: names declared twice, an import cycle,
      // a symbolic link out of the folder tree, a missing file.
      file: 'invalid-imports.yaml',
      findings: [
        {
          messageId: 'violation',
          line: 1,
          column: 10,
          file: 'imports/cycle-b.yaml',
          includes: [
            "imports 'cycle-a.yaml', which makes an import cycle",
            'cycle-a.yaml → fixtures/rules/schema/imports/cycle-b.yaml → fixtures/rules/schema/imports/cycle-a.yaml',
          ],
        },
        {
          messageId: 'duplicate',
          line: 2,
          column: 3,
          file: 'imports/services.yaml',
          includes: ["Service 'Orders' is declared twice, here and in fixtures/rules/schema/invalid-imports.yaml"],
        },
        {
          messageId: 'violation',
          line: 5,
          column: 5,
          file: 'invalid-imports.yaml',
          includes: ["resolves to fixtures/designs/order-saga.yaml, outside the root file's folder fixtures/rules/schema"],
        },
        { messageId: 'violation', line: 6, column: 5, includes: ["imports 'imports/missing.yaml', which matches no file."] },
        { messageId: 'duplicate', line: 9, column: 3, file: 'invalid-imports.yaml', includes: ['here and in fixtures/rules/schema/imports/services.yaml'] },
      ],
    },
    {
      file: 'invalid-typos.yaml',
      findings: [
        {
          messageId: 'violation',
          line: 5,
          column: 17,
          data: { code: 'not-a-choice' },
          includes: ["must be one of event-store, outbox, direct, none; got 'outboxx' — did you mean 'outbox'?"],
        },
        {
          messageId: 'violation',
          line: 6,
          column: 5,
          data: { code: 'unknown-key' },
          path: ['services', 'Payments', 'persistance'],
          includes: ["Unknown key 'persistance' in services.Payments — did you mean 'persistence'?"],
        },
        { messageId: 'violation', line: 8, column: 36, data: { code: 'wrong-form' }, includes: ['must be a duration', "got '2 seconds'"] },
        { messageId: 'violation', line: 11, column: 3, data: { code: 'missing-key' }, includes: ["commands.Charge is missing the required key 'handledBy'"] },
        { messageId: 'violation', line: 13, column: 3, includes: ["missing the required key 'steps'", 'A saga has a coordinator and ordered steps.'] },
        { messageId: 'violation', line: 16, column: 5, includes: ['states belong to a process-manager'] },
      ],
    },
    {
      file: 'invalid-shapes.yaml',
      findings: [
        { messageId: 'violation', line: 1, column: 10, includes: ['version must be 1; got 2.'] },
        { messageId: 'violation', line: 3, column: 1, includes: ['services must be a map; got a list.'] },
        { messageId: 'violation', line: 6, column: 5, includes: ['events.OrderPlaced.producedBy must be a string; got a list.'] },
        { messageId: 'violation', line: 8, column: 40, includes: ["durable must be true or false; got 'yes'."] },
        { messageId: 'violation', line: 10, column: 29, includes: ['maxAttempts must be at least 1; got 0.'] },
      ],
    },
    {
      file: 'invalid-revision-1-1-keys.yaml',
      findings: [
        { messageId: 'violation', line: 9, column: 50, includes: ['events.Shipped.replyTo[1] must be a string; got 3.'] },
        { messageId: 'violation', line: 15, column: 5, includes: ['processes.Deliver.correlateBy must be a map; got a list.'] },
        { messageId: 'violation', line: 19, column: 66, includes: ["got 'contine' — did you mean 'continue'?"] },
        { messageId: 'violation', line: 19, column: 81, includes: ["onEntry.sets must be a list; got 'parcelId'."] },
        { messageId: 'violation', line: 25, column: 43, includes: ['reactions[0].onFailure must be a string or a list; got a map.'] },
        { messageId: 'violation', line: 28, column: 40, includes: ["jitter must be true or false; got 'yes please'."] },
        { messageId: 'violation', line: 28, column: 66, includes: ["nonRetryable must be a list; got 'InvalidCard'."] },
      ],
    },
  ],
});
