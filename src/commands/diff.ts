import { Command, Option } from 'commander';
import type { Level } from '../engine/run.js';
import { maxFileSizeOption, parseRule, settle, useColor } from './options.js';

interface CliOptions {
  format: 'stylish' | 'json' | 'sarif' | 'markdown' | 'github';
  output?: string;
  failOn: 'breaking' | 'risky' | 'any';
  rule?: Map<string, Level>;
  config?: string;
  maxFileSize: number;
  color?: boolean;
}

export function makeDiffCommand(): Command {
  return new Command('diff')
    .description(
      'Say what a change from one design to another breaks: consumers of external events, compensations, pivots, retries, timeouts, running instances.',
    )
    .argument('<old>', 'the design before the change')
    .argument('<new>', 'the design after it')
    .addOption(new Option('-f, --format <name>', 'output format').choices(['stylish', 'json', 'sarif', 'markdown', 'github']).default('stylish'))
    .option('-o, --output <file>', 'write the report to a file (whole or not at all) instead of standard output')
    .addOption(
      new Option('--fail-on <class>', 'fail (exit 1) on a change of this class or worse: breaking, risky, or any change')
        .choices(['breaking', 'risky', 'any'])
        .default('breaking'),
    )
    .option('--rule <id=level>', 'set a change rule to off, info, warning or error (repeatable; over the configuration)', parseRule)
    .option('-c, --config <file>', 'this configuration (default: the nearest .eda-advisor.yaml to the new design)')
    .addOption(maxFileSizeOption())
    .addHelpText(
      'after',
      `
Both designs are read into the model, so moving a key, reordering a map or splitting a design into
imports is no change. Each change is a finding at the new design's line (something removed: at
the owner of what was removed), with an id (eda-advisor explain diff/<id>) and a class: breaking
(a consumer, a sender or a running instance fails; shown as an error), risky (the process is
weaker; a warning) or safe (an info). Renames are found where the evidence is clear (same producer
or handler, same fields). Levels and suppression comments work as in review:
# eda-advisor-ignore diff/field-removed -- nobody reads it since v3

Exit codes: 0 no change at --fail-on or worse; 1 such a change, or a side that does not parse or
violates the schema (its findings are printed, no diff); 2 the run could not be done.

Examples:
  $ eda-advisor diff old/design.yaml design.yaml
  $ eda-advisor diff main.yaml design.yaml --format markdown -o comment.md --fail-on risky
  $ eda-advisor review design.yaml --since origin/main`,
    )
    .action(async (oldFile: string, newFile: string, opts: CliOptions) => {
      await settle(async () => {
        const { runDiff } = await import('../app/diff.js');
        const { writeOrFail } = await import('../app/files.js');
        const outcome = runDiff(oldFile, newFile, {
          levels: opts.rule ?? new Map(),
          failOn: opts.failOn,
          maxFileSize: opts.maxFileSize,
          ...(opts.config ? { config: opts.config } : {}),
        });
        const text = await formatDiff(outcome, opts.format, opts.output === undefined && useColor(opts.color));
        if (opts.output !== undefined) {
          writeOrFail(opts.output, text, { inputs: [oldFile, newFile] });
          return { exitCode: outcome.exitCode };
        }
        return { text, exitCode: outcome.exitCode };
      });
    });
}

/** A diff in one of its formats; the text formats open with a line when the designs share nothing. */
export async function formatDiff(outcome: import('../app/diff.js').DiffOutcome, format: string, color: boolean): Promise<string> {
  const unrelated = outcome.result?.unrelated === true;
  const first = unrelated ? `${outcome.oldFile} and ${outcome.newFile} share nothing: no service, command, event or process name is in both.\n` : '';
  if (format === 'markdown') {
    const { formatDiffMarkdown } = await import('../formatters/diff-markdown.js');
    return formatDiffMarkdown(outcome.report, { old: outcome.oldFile, new: outcome.newFile }, unrelated);
  }
  const { FORMATTERS } = await import('../formatters/index.js');
  const formatter = FORMATTERS[format];
  if (!formatter) throw new Error(`no formatter '${format}'`);
  const body = formatter(outcome.report, { color });
  return format === 'stylish' ? `${first}${body}` : format === 'github' && unrelated ? `::notice::${first.trim()}\n${body}` : body;
}
