import { Command } from 'commander';
import { ExitCode } from '../app/exit.js';
import { maxFileSizeOption, parseCount, parseDurationOption, settle, useColor } from './options.js';
import { loadUi } from '../util/host.js';
import { withoutFetch } from '../util/without-fetch.js';

interface CliOptions {
  config?: string;
  maxFileSize: number;
  color?: boolean;
  model?: string;
  llmTimeout: number;
  llmRetries: number;
}

export function makeWalkthroughCommand(): Command {
  return new Command('walkthrough')
    .description(
      'Review a design together in the terminal: overview, checklist, process explorer with failure traces, pattern advisor and guidance; record suppressions as you decide.',
    )
    .argument('<file>', 'a design file')
    .option('-c, --config <file>', 'use this configuration instead of the nearest .eda-advisor.yaml')
    .addOption(maxFileSizeOption())
    .option('--model <id>', 'the Claude model for l in Guidance (default: EDA_ADVISOR_MODEL, else a current Sonnet)')
    .option('--llm-timeout <duration>', 'the longest the LLM pass may take, retries included', parseDurationOption, 90_000)
    .option('--llm-retries <n>', 'retries of a request that failed with 429, 5xx or a lost connection', parseCount, 2)
    .addHelpText(
      'after',
      `
Panes (Tab moves between them): Overview, Checklist, Processes, Advisor, Guidance.
Keys: ↑↓ or j/k move, Enter opens, Esc or Backspace goes back, / filters a list, ? shows help, q quits.
In a finding, s writes an eda-advisor-ignore comment with your reason above the finding's line in
the design (the rest of the file, comments included, stays as it was). In Guidance, l asks Claude
when ANTHROPIC_API_KEY is set (Esc cancels); nothing is sent otherwise.

It needs a terminal: when standard output or input is not one, it says so and exits 2. In CI use
review, simulate or guidance.

Exit codes: 0 after q; 1 the design does not parse or violates the schema (its findings are
printed); 2 no terminal, or the design cannot be read; 130 Ctrl-C.

Examples:
  $ eda-advisor walkthrough design.yaml
  $ eda-advisor walkthrough design.yaml --config .eda-advisor.yaml --no-color`,
    )
    .action(async (file: string, opts: CliOptions) => {
      // Ink and React load only for this command: review's start-up does not carry them.
      const { runWalkthrough } = await withoutFetch(async () => {
        await loadUi();
        return import('../walkthrough/run.js');
      });
      const color = useColor(opts.color);
      await settle(async () => {
        await runWalkthrough(file, {
          maxFileSize: opts.maxFileSize,
          ...(opts.config ? { config: opts.config } : {}),
          color,
          ...(opts.model ? { model: opts.model } : {}),
          llmTimeout: opts.llmTimeout,
          llmRetries: opts.llmRetries,
        });
        return { exitCode: ExitCode.ok };
      });
    });
}
