import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.js';
import { displayName } from '../parse/load.js';
import { STARTERS } from '../starters/index.js';
import type { StarterPattern } from '../starters/patterns.js';
import { ExitCode } from './exit.js';
import { writeOrFail } from './files.js';
import { schemaLine, schemaPathFrom } from './schema-line.js';

export interface InitRequest {
  /** Where to write the starter; `-` prints it. A name ending in .json gets JSON. */
  readonly file: string;
  readonly pattern: StarterPattern;
  readonly cwd: string;
}

export interface InitOutcome {
  /** The starter for standard output (`-`), or the one line that says what was written. */
  readonly text: string;
  readonly exitCode: number;
}

/**
 * `init`: a commented starter design of the pattern asked for, written to a new file (never over
 * one) or printed. Its schema line resolves from the file's own folder, and its first comment names
 * the command that reviews that very file. A .json file gets the same design as JSON, with
 * `$schema` in place of the comments.
 */
export async function runInit(request: InitRequest): Promise<InitOutcome> {
  const toStdout = request.file === '-';
  const shown = toStdout ? 'design.yaml' : displayName(request.file);
  const json = !toStdout && /\.json$/i.test(request.file);
  const body = STARTERS[request.pattern];
  let text: string;
  if (json) {
    // The starter as data, read by the full YAML library (loaded for this only).
    const { parse } = await import('yaml');
    const value = parse(body) as Record<string, unknown>;
    text = `${JSON.stringify({ $schema: schemaPathFrom(path.dirname(path.resolve(request.cwd, request.file))), ...value }, null, 2)}\n`;
  } else {
    text = `${schemaLine(toStdout ? undefined : request.file, request.cwd)}\n# Review it with: npx eda-advisor review ${shown}\n${body}`;
  }
  if (toStdout) return { text, exitCode: ExitCode.ok };
  const dir = path.dirname(path.resolve(request.cwd, request.file));
  if (!existsSync(dir))
    throw new InputError(
      displayName(path.dirname(request.file)),
      `is not a folder that exists; create it first (mkdir -p ${displayName(path.dirname(request.file))}) or name a file in an existing folder.`,
    );
  if (!statSync(dir).isDirectory()) throw new InputError(displayName(path.dirname(request.file)), 'is not a folder; name a file in a folder.');
  if (existsSync(request.file)) throw new InputError(shown, 'already exists; eda-advisor init never overwrites a file. Name another file.');
  writeOrFail(request.file, text, { inputs: [] });
  return { text: `Wrote ${shown} (a ${request.pattern.replace('-', ' ')}). Review it with: eda-advisor review ${shown}\n`, exitCode: ExitCode.ok };
}
