import { InvalidArgumentError, Option, type Command } from 'commander';
import { exitOfError } from '../app/exit.js';
import type { Level } from '../engine/run.js';
import { SEVERITIES } from '../findings.js';
import { DEFAULT_MAX_FILE_SIZE, parseSize } from '../parse/load.js';
import { CONFIGURABLE_IDS } from '../rules/ids.js';
import { didYouMean } from '../util/nearest.js';

/**
 * What the command shells share: option parsers, colour, and the one way a command's outcome reaches
 * the process (its text, its notices, its exit code). The use cases live in src/app.
 */

/** The --max-file-size option every command that reads a file has: 10MiB unless told otherwise. */
export function maxFileSizeOption(): Option {
  return new Option('--max-file-size <size>', 'refuse files larger than this (exit 2)').argParser(parseSizeOption).default(DEFAULT_MAX_FILE_SIZE, '10MiB');
}

/** `--max-file-size 20MiB`: a size with an optional unit (B, KB, KiB, MB, MiB, GB, GiB). */
export function parseSizeOption(value: string): number {
  const size = parseSize(value);
  if (size === undefined || size <= 0) throw new InvalidArgumentError('expected a size such as 10MiB, 512KiB or 2000000.');
  return size;
}

export function parseCount(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number, such as 0 or 10.');
  return Number(value);
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

/**
 * Colour, decided as chalk and most CLIs decide it: --color or --no-color when given; else no colour
 * under NO_COLOR (any value) or FORCE_COLOR=0/false, colour under any other FORCE_COLOR; else colour
 * only on a terminal.
 */
export function useColor(flag: boolean | undefined, stream: { isTTY?: boolean } = process.stdout): boolean {
  if (flag !== undefined) return flag;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  const force = process.env.FORCE_COLOR;
  if (force !== undefined) return !['0', 'false'].includes(force.toLowerCase());
  return stream.isTTY === true;
}

/** --color and --no-color, which every command takes (the default is decided by useColor). */
export function addColorOptions(command: Command): Command {
  return command
    .option('--color', 'colour even when not printing to a terminal (FORCE_COLOR=1 does the same)')
    .option('--no-color', 'no colour (NO_COLOR=1 or FORCE_COLOR=0 does the same); without either, colour on a terminal only');
}

/** One line on standard error, in eda-advisor's voice. */
export function notice(text: string): void {
  process.stderr.write(`eda-advisor: ${text}\n`);
}

/**
 * Runs a use case and hands its outcome to the process: its text to standard output, its exit code.
 * A design that stops the command (BlockedByFindings) prints its findings and exits 1; other errors
 * go up to cli.ts, which prints them in one line.
 */
export async function settle(work: () => Promise<{ readonly text?: string; readonly exitCode: number }>): Promise<void> {
  try {
    const outcome = await work();
    if (outcome.text !== undefined) process.stdout.write(outcome.text);
    process.exitCode = outcome.exitCode;
  } catch (err) {
    const exit = exitOfError(err);
    if (exit.code !== 1) throw err;
    process.stderr.write(`eda-advisor: ${exit.message}`);
    process.exitCode = exit.code;
  }
}

const LEVELS = ['off', ...SEVERITIES] as const;
/** Parse checks whose severity cannot change: a file that does not parse is not reviewed. */
const FIXED = new Set(['yaml-syntax']);

/** `--rule id=level` of review and diff: a rule of either, at a level. */
export function parseRule(value: string, previous: Map<string, Level> | undefined): Map<string, Level> {
  const levels = new Map(previous);
  const m = /^([a-z0-9/-]+)=([a-z]+)$/.exec(value.trim());
  if (!m) throw new InvalidArgumentError(`expected <rule-id>=<${LEVELS.join('|')}>, as in --rule sync-dependency=error.`);
  const [, id = '', level = ''] = m;
  if (!CONFIGURABLE_IDS.includes(id)) throw new InvalidArgumentError(`'${id}' is not a rule id${didYouMean(id, CONFIGURABLE_IDS) || '.'}`);
  if (FIXED.has(id)) throw new InvalidArgumentError(`'${id}' cannot be reconfigured: a file that does not parse cannot be reviewed.`);
  if (!(LEVELS as readonly string[]).includes(level)) {
    throw new InvalidArgumentError(`'${level}' is not a level; use one of ${LEVELS.join(', ')}${didYouMean(level, LEVELS) || '.'}`);
  }
  levels.set(id, level as Level);
  return levels;
}
