import { runRuleTests } from '../testing/rule-tester.js';

runRuleTests('god-process-manager', {
  valid: ['valid-compensations-not-counted.yaml', 'valid-coordinator-not-counted.yaml'],
  invalid: [
    {
      file: 'invalid-too-many-commands-and-states.yaml',
      findings: [
        { messageId: 'tooManyCommands', line: 20, column: 3, includes: ['9 distinct commands (more than 8)'] },
        { messageId: 'tooManyStates', line: 20, column: 3, includes: ['11 states (more than 10)'] },
      ],
    },
  ],
});
