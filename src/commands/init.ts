import { Command, Option } from 'commander';
import { PATTERNS, type StarterPattern } from '../starters/patterns.js';
import { settle } from './options.js';

/** `eda-advisor init [file]`: writes a starter design of a pattern; never overwrites. */
export function makeInitCommand(): Command {
  return new Command('init')
    .description('Write a commented starter design: a saga, a process manager or a choreography (never overwrites a file).')
    .argument('[file]', 'where to write it: a .yaml file, a .json file, or - for standard output', 'design.yaml')
    .addOption(new Option('-p, --pattern <pattern>', 'the kind of process the starter holds').choices([...PATTERNS]).default('saga'))
    .addHelpText(
      'after',
      `
The starter is a sound design (it reviews clean): replace its names with yours and review as you go.
Its first line tells editors with the YAML language server (VS Code's YAML extension, Neovim,
JetBrains) where the schema is, relative to the file: the project's node_modules/eda-advisor when
installed there, else the eda-advisor that wrote it. 'eda-advisor schema --path' prints that path.

Exit codes: 0 written; 2 the file exists, its folder does not, or it cannot be written.

Examples:
  $ eda-advisor init
  $ eda-advisor init design/transfer.yaml --pattern process-manager
  $ eda-advisor init design/orders.json --pattern choreography
  $ eda-advisor init - --pattern saga > design.yaml`,
    )
    .action(async (file: string, opts: { pattern: StarterPattern }) => {
      // The starters load for init only: other commands' start-up does not carry them.
      const { runInit } = await import('../app/init.js');
      await settle(async () => runInit({ file, pattern: opts.pattern, cwd: process.cwd() }));
    });
}
