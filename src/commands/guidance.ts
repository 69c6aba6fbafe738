import { Command, Option } from 'commander';
import type { GuidanceOptions } from '../app/guidance.js';
import { maxFileSizeOption, notice, parseCount, parseDurationOption, settle } from './options.js';

export function makeGuidanceCommand(): Command {
  return new Command('guidance')
    .description(
      "Write an expert's guidance for each process of a design: pattern, implementation steps, components, error handling and integration, from the review and the simulation.",
    )
    .argument('<file>', 'a design file; - reads one from standard input')
    .option('-p, --process <name>', 'only this process')
    .addOption(new Option('-f, --format <name>', 'output format').choices(['markdown', 'json']).default('markdown'))
    .option('-o, --output <file>', 'write the guidance to this file (whole or not at all) instead of standard output')
    .option('--llm', 'ask Claude to write the guidance (needs ANTHROPIC_API_KEY; sends a summary of the design)')
    .option('--model <id>', 'the Claude model for --llm (default: EDA_ADVISOR_MODEL, else a current Sonnet)')
    .option('--dry-run', 'print the request --llm would send, with a token estimate, and send nothing')
    .option('--llm-timeout <duration>', 'the longest the LLM pass may take per process, retries included', parseDurationOption, 90_000)
    .option('--llm-retries <n>', 'retries of a request that failed with 429, 5xx or a lost connection', parseCount, 2)
    .option('--progress', 'stream the answer and show progress on standard error (the default on a terminal)')
    .option('--no-progress', 'do not show progress')
    .option('--verbose', 'report the tokens used (input, output, cache reads) on standard error')
    .option('-c, --config <file>', 'use this configuration instead of the nearest .eda-advisor.yaml')
    .addOption(maxFileSizeOption())
    .addHelpText(
      'after',
      `
Without --llm the guidance is written offline from the design, its findings and its simulation:
nothing leaves the machine. With --llm, a summary of the process (names, shape, findings, simulation
verdicts; not the file) goes to the Anthropic API at ANTHROPIC_BASE_URL or api.anthropic.com, and
Claude's answer, checked against schemas/guidance.schema.json, replaces the offline text. If the
pass fails for any reason (no key, network, 429 or 5xx after the retries, timeout, an answer that
does not fit the schema), the offline guidance is printed with one line on standard error saying
why. Findings and the exit code never depend on the LLM.

Exit codes: 0 guidance written; 1 the design does not parse or violates the schema (its findings
are printed); 2 the run could not be done (usage, unreadable file).

Examples:
  $ eda-advisor guidance design.yaml
  $ eda-advisor guidance design.yaml --process CreateOrderSaga --format json
  $ eda-advisor guidance design.yaml --llm --verbose
  $ eda-advisor guidance design.yaml --dry-run`,
    )
    .action(async (file: string, opts: GuidanceOptions) => {
      // Guidance, the LLM client and its prompt load only for this command: review's start-up stays small.
      const { runGuidance } = await import('../app/guidance.js');
      const apiKey = process.env.ANTHROPIC_API_KEY;
      const io = { ...(apiKey ? { apiKey } : {}), terminal: process.stderr.isTTY === true, notice, progress: (text: string) => process.stderr.write(text) };
      await settle(() => runGuidance(file, opts, io));
    });
}
