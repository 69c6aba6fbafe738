import { UsageError } from '../errors.js';
import { didYouMean } from '../util/nearest.js';
import type { Design, Process } from './types.js';

/**
 * The processes a command works on: the one `--process` names (a usage error with the nearest name
 * when there is none such), else all of them; `whenNone` says what to do when the design has none.
 */
export function selectProcesses(design: Design, wanted: string | undefined, file: string, whenNone?: string): Process[] {
  if (wanted === undefined) {
    const all = [...design.processes.values()];
    if (all.length === 0 && whenNone !== undefined) throw new UsageError(`${file} declares no processes; ${whenNone}`);
    return all;
  }
  const p = design.processes.get(wanted);
  if (!p) {
    const names = [...design.processes.keys()];
    throw new UsageError(`${file} has no process '${wanted}'${didYouMean(wanted, names) || `; its processes: ${names.join(', ') || '(none)'}.`}`);
  }
  return [p];
}
