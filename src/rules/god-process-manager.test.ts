import { runRuleTests } from '../testing/rule-tester.js';

runRuleTests('god-process-manager', {
  valid: ['valid-compensations-not-counted.yaml', 'valid-coordinator-not-counted.yaml'],
  invalid: [
    {
      file: 'invalid-too-many-commands-and-states.yaml',
      findings: [
        {
          messageId: 'tooManyCommands',
          line: 20,
          column: 3,
          endLine: 20,
          endColumn: 15,
          data: { process: 'DoEverything', count: 9, max: 8, commands: "'C1', 'C2', 'C3', 'C4', 'C5', 'C6' and 3 more" },
        },
        { messageId: 'tooManyStates', line: 20, column: 3, endLine: 20, endColumn: 15, data: { process: 'DoEverything', count: 11, max: 10 } },
      ],
    },
  ],
});
