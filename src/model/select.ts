import { didYouMean } from '../util/nearest.js';
import type { Design, Process } from './types.js';

/** What selecting processes found: the processes, or why there are none to work on. */
export type Selection = { readonly processes: Process[] } | { readonly missing: string };

/**
 * The processes a command works on: the one `wanted` names, else all of them. When there is no such
 * process, or none at all and `whenNone` says what to do then, the answer is why (the command makes
 * it a usage error).
 */
export function selectProcesses(design: Design, wanted: string | undefined, file: string, whenNone?: string): Selection {
  if (wanted === undefined) {
    const all = [...design.processes.values()];
    if (all.length === 0 && whenNone !== undefined) return { missing: `${file} declares no processes; ${whenNone}` };
    return { processes: all };
  }
  const p = design.processes.get(wanted);
  if (!p) {
    const names = [...design.processes.keys()];
    return { missing: `${file} has no process '${wanted}'${didYouMean(wanted, names) || `; its processes: ${names.join(', ') || '(none)'}.`}` };
  }
  return { processes: [p] };
}
