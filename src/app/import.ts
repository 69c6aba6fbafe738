import { existsSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { problemLine, type ImportResult } from '../import/imported.js';
import { loadSource, type Source } from '../parse/load.js';
import { ExitCode, exitOfImport } from './exit.js';
import { checkOutput, writeOrFail } from './files.js';
import { schemaLine } from './schema-line.js';

export interface ImportRequest {
  readonly output?: string;
  /** The working folder: the schema line of a design printed to standard output resolves from it. */
  readonly cwd: string;
  readonly force?: boolean;
  readonly maxFileSize?: number;
}

export interface ImportOutcome {
  /** The design for standard output; undefined when it went to --output or nothing was converted. */
  readonly text?: string;
  /** The document's own problems (`file:line:column: message (code)`), when it is not valid AsyncAPI. */
  readonly problems: readonly string[];
  /** One line each for standard error: what was not followed, or why nothing was converted. */
  readonly notices: readonly string[];
  readonly exitCode: number;
}

/** Nothing is written over the input, nor over an existing --output without --force. */
function guardOutput(file: string, request: ImportRequest): void {
  if (!request.output) return;
  checkOutput(request.output, { inputs: [file], ...(request.force ? { force: true } : {}) });
  if (existsSync(request.output) && !request.force) throw new UsageError(`${request.output} exists; choose another --output or add --force to overwrite it.`);
}

/** `import asyncapi`: an AsyncAPI document converted into a design, written whole to --output or returned. */
export async function importAsyncApi(file: string, request: ImportRequest): Promise<ImportOutcome> {
  guardOutput(file, request);
  const source = loadSource(file, request.maxFileSize);
  const { convertAsyncApi } = await import('../asyncapi/convert.js');
  const result = await convertAsyncApi(source.file, source.text, request.maxFileSize);
  if (!result.ok) {
    return {
      problems: result.problems.map((p) => `${source.file}:${p.line + 1}:${p.character + 1}: ${p.message} (${p.code})`),
      notices: [`${source.file} is not a valid AsyncAPI document; nothing was converted.`],
      exitCode: exitOfImport(false),
    };
  }
  // The schema line resolves from where the design is written (the working folder for standard output).
  const text = result.converted.text(schemaLine(request.output, request.cwd));
  if (request.output) writeOrFail(request.output, text, { inputs: [file], ...(request.force ? { force: true } : {}) });
  return { ...(request.output ? {} : { text }), problems: [], notices: result.converted.notes, exitCode: exitOfImport(true) };
}

/** `import step-functions`: a state machine definition (or a template holding one) converted into a design. */
export async function importStepFunctions(file: string, request: ImportRequest): Promise<ImportOutcome> {
  guardOutput(file, request);
  const source = loadSource(file, request.maxFileSize);
  const { convertStepFunctions } = await import('../import/step-functions.js');
  return written(source, convertStepFunctions(source), request);
}

/** `import bpmn`: a BPMN 2.0 model converted into a design. */
export async function importBpmn(file: string, request: ImportRequest): Promise<ImportOutcome> {
  guardOutput(file, request);
  const source = loadSource(file, request.maxFileSize);
  const { convertBpmn } = await import('../import/bpmn.js');
  return written(source, await convertBpmn(source), request);
}

/** An importer's result: its problems (exit 2, nothing written), or the design written whole to --output or returned. */
function written(source: Source, result: ImportResult, request: ImportRequest): ImportOutcome {
  if (!result.ok)
    return {
      problems: result.problems.map((p) => problemLine(source.file, p)),
      notices: [`${source.file}: nothing was converted.`],
      exitCode: ExitCode.cannotRun,
    };
  const { imported } = result;
  const text = imported.text(schemaLine(request.output, request.cwd));
  if (request.output) writeOrFail(request.output, text, { inputs: [source.file], ...(request.force ? { force: true } : {}) });
  return { ...(request.output ? {} : { text }), problems: [], notices: imported.notes.map((n) => `${source.file}: ${n}`), exitCode: ExitCode.ok };
}
