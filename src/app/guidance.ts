import { ExitCode } from '../errors.js';
import * as llm from '../guidance/llm.js';
import { findingsBySection, findingsOfProcess, offlineGuidance, type GuidanceInput } from '../guidance/offline.js';
import { renderJson, renderMarkdown, type RenderedProcess } from '../guidance/render.js';
import { locate } from '../parse/locate.js';
import { simulateProcess } from '../sim/simulate.js';
import type { Source } from '../parse/load.js';
import { loadSoundDesign, processesOf } from './design.js';
import { writeOrFail } from './files.js';

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
  /** The design's text in hand (an MCP client's inline design), read instead of the file. */
  source?: Source;
}

/** What the guidance use case needs from its surroundings: the key, and where lines for the reader go. */
export interface GuidanceIo {
  /** ANTHROPIC_API_KEY; the key never appears in a notice (LlmFailure messages are redacted). */
  readonly apiKey?: string;
  /** Whether progress goes to a terminal (drawn in place) or a log (one line when done). */
  readonly terminal: boolean;
  /** One line for the reader, on standard error. */
  readonly notice: (text: string) => void;
  /** Progress text exactly as given (carriage returns, clearing), on standard error. */
  readonly progress: (text: string) => void;
}

export interface GuidanceOutcome {
  /** For standard output; undefined when it went to --output. */
  readonly text?: string;
  readonly exitCode: number;
}

/**
 * Writes the guidance for each process of a sound design: offline from the review and the
 * simulation, or by Claude with --llm (the offline guidance when that pass fails, with one notice).
 */
export async function runGuidance(file: string, opts: GuidanceOptions, io: GuidanceIo): Promise<GuidanceOutcome> {
  const { review, design, thresholds } = loadSoundDesign(file, {
    review: 'full',
    stop: 'can be advised on once',
    ...(opts.source ? { source: opts.source } : {}),
    maxFileSize: opts.maxFileSize,
    ...(opts.config ? { config: opts.config } : {}),
  });
  const note = io.notice;
  const processes = processesOf(design, opts.process, file, 'guidance is written per process (a saga, a process manager or a choreography).');
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
    return emit(
      `${JSON.stringify({ version: 1, dryRun: true, note: 'Nothing was sent. Token counts are estimates (about four characters a token).', requests }, null, 2)}\n`,
      opts.output,
      file,
    );
  }

  const rendered: RenderedProcess[] = [];
  let failure: string | undefined;
  /** Processes written offline after the LLM pass failed: one line says so for all of them. */
  const fellBack: string[] = [];
  const apiKey = io.apiKey;
  if (opts.llm && !apiKey) failure = 'ANTHROPIC_API_KEY is not set';
  for (const input of inputs) {
    const p = input.process;
    const at = (() => {
      const pos = locate(review.parsed, p.ref);
      return `${review.file}:${pos.line}:${pos.column}`;
    })();
    const base = { process: p.name, pattern: p.pattern, at, findings: findingsBySection(input.findings) };
    if (opts.llm && !failure && apiKey) {
      const showProgress = opts.progress ?? io.terminal;
      const onTty = io.terminal;
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
                  if (onTty) io.progress(`\r${model}: writing guidance for ${p.name}… ${chars} characters`);
                },
              }
            : {}),
        });
        if (showProgress) io.progress(onTty ? '\r\u001b[2K' : `${model}: guidance for ${p.name} received\n`);
        if (opts.verbose) {
          const u = answer.usage;
          note(
            `${answer.model} for '${p.name}': ${u.input} input tokens (${u.cacheRead} read from the cache, ${u.cacheWrite} written to it), ${u.output} output tokens.`,
          );
        }
        rendered.push({ ...base, source: 'llm', model: answer.model, guidance: answer.guidance });
        continue;
      } catch (err) {
        if (showProgress && onTty) io.progress('\r\u001b[2K');
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
  return emit(text, opts.output, file);
}

/** The guidance written to its --output file (whole or not at all), or returned for standard output. */
function emit(text: string, output: string | undefined, input: string): GuidanceOutcome {
  if (output) {
    writeOrFail(output, text, { inputs: [input] });
    return { exitCode: ExitCode.ok };
  }
  return { text, exitCode: ExitCode.ok };
}
