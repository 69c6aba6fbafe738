import { BlockedByFindings, UsageError } from '../errors.js';
import type { FileReview } from '../engine/run.js';
import stylish from '../formatters/stylish.js';
import { summarize } from '../formatters/types.js';
import { selectProcesses } from '../model/select.js';
import type { Design } from '../model/types.js';
import { locate } from '../parse/locate.js';
import { simulateProcess } from '../sim/simulate.js';
import { runReview, writeOrFail } from '../commands/review.js';
import { DEFAULT_THRESHOLDS, type Thresholds } from './advisor.js';
import * as llm from './llm.js';
import { findingsBySection, findingsOfProcess, offlineGuidance, type GuidanceInput } from './offline.js';
import { renderJson, renderMarkdown, type RenderedProcess } from './render.js';

export interface GuidanceOptions {
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

/**
 * The design, reviewed as `review` would (same configuration), for the commands that need a sound
 * design (guidance, diagram, walkthrough); or the findings that stop them.
 */
export function reviewDesignFile(file: string, opts: Pick<GuidanceOptions, 'maxFileSize' | 'config'>): { review: FileReview; design: Design; thresholds: Thresholds } {
  const result = runReview({ files: [file], levels: new Map(), maxFileSize: opts.maxFileSize, ...(opts.config ? { config: opts.config } : {}) });
  const inputError = result.inputErrors[0];
  if (inputError) throw inputError;
  if (result.ignored.length > 0) throw new UsageError(`${file} matches the configuration's ignorePatterns; it is not reviewed.`);
  const crash = result.crashes[0];
  if (crash) throw new Error(`rule '${crash.ruleId}' crashed on ${crash.file}: ${crash.error}`);
  const review = result.reviews[0] as FileReview;
  const value = review.parsed.value;
  if (value !== null && typeof value === 'object' && 'asyncapi' in value && !('version' in value)) {
    throw new UsageError(`${file} is an AsyncAPI document: convert it first (eda-advisor import asyncapi ${file} --output design.yaml), then add its processes; review reads it as it is.`);
  }
  const blocking = review.findings.filter((f) => f.ruleId === 'yaml-syntax' || f.ruleId === 'schema');
  if (blocking.length > 0 || !review.design) {
    const files = [review.file];
    const text = stylish({ files, findings: blocking, summary: summarize(files, blocking, 0) }, { color: false });
    throw new BlockedByFindings(`${file} can be advised on once it parses and follows the schema:\n${text}`);
  }
  // pattern-mismatch's options, so that guidance and review never disagree on the pattern.
  const options = result.settings.get(file)?.options.get('pattern-mismatch');
  return { review, design: review.design, thresholds: { ...DEFAULT_THRESHOLDS, ...(options as Partial<Thresholds> | undefined) } };
}

/** One line on standard error; the key never appears in it (LlmFailure messages are redacted). */
function note(text: string): void {
  process.stderr.write(`eda-advisor: ${text}\n`);
}

export async function runGuidance(file: string, opts: GuidanceOptions): Promise<void> {
  const { review, design, thresholds } = reviewDesignFile(file, opts);
  const processes = selectProcesses(design, opts.process, file, 'guidance is written per process (a saga, a process manager or a choreography).');
  const inputs: GuidanceInput[] = processes.map((p) => ({
    design,
    process: p,
    findings: findingsOfProcess(design, p, review.findings),
    simulation: simulateProcess(design, p),
    thresholds,
    file,
  }));
  const model = llm.modelOf(opts.model);

  if (opts.dryRun) {
    const baseURL = llm.baseURLOf().baseURL ?? llm.DEFAULT_BASE_URL;
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
  /** Processes written offline after the LLM pass failed: one line says so for all of them. */
  const fellBack: string[] = [];
  const apiKey = process.env.ANTHROPIC_API_KEY;
  if (opts.llm && !apiKey) failure = 'ANTHROPIC_API_KEY is not set';
  for (const input of inputs) {
    const p = input.process;
    const at = (() => {
      const pos = locate(review.parsed, p.ref);
      return `${review.file}:${pos.line}:${pos.column}`;
    })();
    const base = { process: p.name, pattern: p.pattern, at, findings: findingsBySection(input.findings) };
    if (opts.llm && !failure && apiKey) {
      const showProgress = opts.progress ?? process.stderr.isTTY === true;
      const onTty = process.stderr.isTTY === true;
      try {
        const request = await llm.buildRequest(input, model);
        const answer = await llm.askClaude(request, {
          apiKey,
          ...llm.baseURLOf(),
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
      fellBack.push(p.name);
      rendered.push({ ...base, source: 'offline', fallback: failure, guidance: offlineGuidance(input) });
    } else rendered.push({ ...base, source: 'offline', guidance: offlineGuidance(input) });
  }
  if (failure && fellBack.length > 0) {
    const which = fellBack.length === 1 ? `'${fellBack[0]}'` : `${fellBack.length} processes`;
    note(`the LLM pass gave no guidance for ${which} (${failure}); the offline guidance follows.`);
  }
  const text = opts.format === 'json' ? renderJson(rendered, file, design.name) : renderMarkdown(rendered, design.name);
  emit(text, opts.output);
}

function emit(text: string, output: string | undefined): void {
  if (output) writeOrFail(output, text);
  else process.stdout.write(text);
}
