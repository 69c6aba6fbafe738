import { Command, InvalidArgumentError, Option } from 'commander';
import { UsageError } from '../errors.js';
import type { FileReview } from '../engine/run.js';
import stylish from '../formatters/stylish.js';
import { summarize } from '../formatters/types.js';
import { DEFAULT_THRESHOLDS, type Thresholds } from '../guidance/advisor.js';
import * as llm from '../guidance/llm.js';
import { findingsBySection, findingsOfProcess, offlineGuidance, type GuidanceInput } from '../guidance/offline.js';
import { renderJson, renderMarkdown, type RenderedProcess } from '../guidance/render.js';
import type { Design, Process } from '../model/types.js';
import { DEFAULT_MAX_FILE_SIZE } from '../parse/load.js';
import { locate } from '../parse/locate.js';
import { simulateProcess } from '../sim/simulate.js';
import { didYouMean } from '../util/nearest.js';
import { parseCount, parseSizeOption, runReview, writeOrFail } from './review.js';

interface CliOptions {
  process?: string;
  llm?: boolean;
  model?: string;
  format: 'markdown' | 'json';
  output?: string;
  dryRun?: boolean;
  llmTimeout: number;
  llmRetries: number;
  progress?: boolean;
  verbose?: boolean;
  config?: string;
  maxFileSize: number;
}

/** `90s`, `2m`, `500ms`: a duration in milliseconds. */
export function parseDurationOption(value: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(value.trim());
  if (!m) throw new InvalidArgumentError('expected a duration such as 90s, 2m or 500ms.');
  const n = Number(m[1]);
  const ms = m[2] === 'ms' ? n : m[2] === 'm' ? n * 60_000 : n * 1000;
  if (ms <= 0) throw new InvalidArgumentError('expected a duration above zero.');
  return ms;
}

/** The design, reviewed as `review` would (same configuration), ready for guidance; or the findings that stop it. */
function reviewForGuidance(file: string, opts: CliOptions): { review: FileReview; design: Design; thresholds: Thresholds } {
  const result = runReview({ files: [file], levels: new Map(), maxFileSize: opts.maxFileSize, ...(opts.config ? { config: opts.config } : {}) });
  const inputError = result.inputErrors[0];
  if (inputError) throw inputError;
  if (result.ignored.length > 0) throw new UsageError(`${file} matches the configuration's ignorePatterns; guidance is not written for ignored files.`);
  const crash = result.crashes[0];
  if (crash) throw new Error(`rule '${crash.ruleId}' crashed on ${crash.file}: ${crash.error}`);
  const review = result.reviews[0] as FileReview;
  const blocking = review.findings.filter((f) => f.ruleId === 'yaml-syntax' || f.ruleId === 'schema');
  if (blocking.length > 0 || !review.design) {
    const files = [review.file];
    const text = stylish({ files, findings: blocking, summary: summarize(files, blocking, 0) }, { color: false });
    throw new BlockedByFindings(`${file} gets guidance once it parses and follows the schema:\n${text}`);
  }
  // pattern-mismatch's options, so that guidance and review never disagree on the pattern.
  const options = result.settings.get(file)?.options.get('pattern-mismatch');
  return { review, design: review.design, thresholds: { ...DEFAULT_THRESHOLDS, ...(options as Partial<Thresholds> | undefined) } };
}

/** The design cannot be advised on yet: its parse or schema findings are the answer (exit 1). */
class BlockedByFindings extends Error {}

function chooseProcesses(design: Design, wanted: string | undefined, file: string): Process[] {
  const all = [...design.processes.values()];
  if (wanted === undefined) {
    if (all.length === 0) throw new UsageError(`${file} declares no processes; guidance is written per process (a saga, a process manager or a choreography).`);
    return all;
  }
  const p = design.processes.get(wanted);
  if (!p) {
    const names = [...design.processes.keys()];
    throw new UsageError(`${file} has no process '${wanted}'${didYouMean(wanted, names) || `; its processes: ${names.join(', ') || '(none)'}.`}`);
  }
  return [p];
}

/** One line on standard error; the key never appears in it (LlmFailure messages are redacted). */
function note(text: string): void {
  process.stderr.write(`eda-advisor: ${text}\n`);
}

export async function runGuidance(file: string, opts: CliOptions): Promise<void> {
  const { review, design, thresholds } = reviewForGuidance(file, opts);
  const processes = chooseProcesses(design, opts.process, file);
  const inputs: GuidanceInput[] = processes.map((p) => ({
    design,
    process: p,
    findings: findingsOfProcess(design, p, review.findings),
    simulation: simulateProcess(design, p),
    thresholds,
    file,
  }));
  const model = opts.model ?? (process.env.EDA_ADVISOR_MODEL || undefined) ?? llm.DEFAULT_MODEL;

  if (opts.dryRun) {
    const baseURL = process.env.ANTHROPIC_BASE_URL || llm.DEFAULT_BASE_URL;
    const requests = [];
    for (const input of inputs) {
      const body = await llm.buildRequest(input, model);
      requests.push({
        process: input.process.name,
        method: 'POST',
        url: `${baseURL.replace(/\/+$/, '')}/v1/messages`,
        headers: { 'anthropic-version': '2023-06-01', 'content-type': 'application/json', authorization: 'Bearer (ANTHROPIC_API_KEY, not shown)' },
        body,
        estimate: { inputTokens: llm.estimateTokens(body), maxOutputTokens: body.max_tokens, bytes: Buffer.byteLength(JSON.stringify(body)) },
      });
    }
    emit(`${JSON.stringify({ version: 1, dryRun: true, note: 'Nothing was sent. Token counts are estimates (about four characters a token).', requests }, null, 2)}\n`, opts.output);
    return;
  }

  const rendered: RenderedProcess[] = [];
  let failure: string | undefined;
  const apiKey = process.env.ANTHROPIC_API_KEY;
  if (opts.llm && !apiKey) failure = 'ANTHROPIC_API_KEY is not set';
  for (const input of inputs) {
    const p = input.process;
    const at = (() => {
      const pos = locate(review.parsed, p.ref);
      return `${file}:${pos.line}:${pos.column}`;
    })();
    const base = { process: p.name, pattern: p.pattern, at, findings: findingsBySection(input.findings) };
    if (opts.llm && !failure && apiKey) {
      const showProgress = opts.progress ?? process.stderr.isTTY === true;
      const onTty = process.stderr.isTTY === true;
      try {
        const request = await llm.buildRequest(input, model);
        const answer = await llm.askClaude(request, {
          apiKey,
          ...(process.env.ANTHROPIC_BASE_URL ? { baseURL: process.env.ANTHROPIC_BASE_URL } : {}),
          timeoutMs: opts.llmTimeout,
          maxRetries: opts.llmRetries,
          ...(showProgress
            ? {
                onProgress: (chars: number) => {
                  if (onTty) process.stderr.write(`\r${model}: writing guidance for ${p.name}… ${chars} characters`);
                },
              }
            : {}),
        });
        if (showProgress) process.stderr.write(onTty ? '\r\u001b[2K' : `${model}: guidance for ${p.name} received\n`);
        if (opts.verbose) {
          const u = answer.usage;
          note(`${answer.model} for '${p.name}': ${u.input} input tokens (${u.cacheRead} read from the cache, ${u.cacheWrite} written to it), ${u.output} output tokens.`);
        }
        rendered.push({ ...base, source: 'llm', model: answer.model, guidance: answer.guidance });
        continue;
      } catch (err) {
        if (showProgress && onTty) process.stderr.write('\r\u001b[2K');
        if (!(err instanceof llm.LlmFailure)) throw err;
        failure = err.message;
      }
    }
    if (opts.llm && failure) {
      note(`the LLM pass gave no guidance for '${p.name}' (${failure}); the offline guidance follows.`);
      rendered.push({ ...base, source: 'offline', fallback: failure, guidance: offlineGuidance(input) });
    } else rendered.push({ ...base, source: 'offline', guidance: offlineGuidance(input) });
  }
  const text = opts.format === 'json' ? renderJson(rendered, file, design.name) : renderMarkdown(rendered, design.name);
  emit(text, opts.output);
}

function emit(text: string, output: string | undefined): void {
  if (output) writeOrFail(output, text);
  else process.stdout.write(text);
}

export function makeGuidanceCommand(): Command {
  return new Command('guidance')
    .description("Write an expert's guidance for each process of a design: pattern, implementation steps, components, error handling and integration, from the review and the simulation.")
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
    .option('--max-file-size <size>', 'refuse design files larger than this (exit 2)', parseSizeOption, DEFAULT_MAX_FILE_SIZE)
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
    .action(async (file: string, opts: CliOptions) => {
      try {
        await runGuidance(file, opts);
        process.exitCode = 0;
      } catch (err) {
        if (!(err instanceof BlockedByFindings)) throw err;
        process.stderr.write(`eda-advisor: ${err.message}`);
        process.exitCode = 1;
      }
    });
}
