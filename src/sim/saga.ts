import { isReadOnlyStep, startsProcess, uncompensatedCommands } from '../model/graph.js';
import type { Design, Process, Step } from '../model/types.js';

/** What happens when one step of a saga fails for good. */
export interface SagaFailure {
  readonly failing: Step;
  /** Steps that completed before it and must be undone, in the order they ran. */
  readonly completed: readonly Step[];
  /** Completed steps with nothing that undoes them. */
  readonly uncompensated: readonly Step[];
}

/** The index of the saga's first pivot step, or undefined when it declares none. */
export function pivotIndex(process: Process): number | undefined {
  const i = process.steps.findIndex((s) => s.declaredKind === 'pivot');
  return i === -1 ? undefined : i;
}

/**
 * Whether a step can end the saga with a failure: any step but a retriable one (it is retried
 * until it succeeds) and the one that runs in the starting local transaction.
 */
export function canFailPermanently(process: Process, step: Step): boolean {
  return step.declaredKind !== 'retriable' && !startsProcess(process, step);
}

/** Whether a completed step leaves nothing to undo when a later step fails. */
export function needsNoCompensation(design: Design, step: Step): boolean {
  return isReadOnlyStep(design, step) || step.declaredKind === 'retriable' || step.declaredKind === 'pivot';
}

/** Whether something undoes every command of the step (a step without commands is the schema's to report). */
export function isCompensated(design: Design, step: Step): boolean {
  return uncompensatedCommands(design, step).length === 0;
}

/**
 * Every point at which the saga can fail for good, with the steps completed before it. Steps after
 * the pivot are past the point of no return: their failures are not compensated (pivot-violation
 * reports a step there that can fail).
 */
export function sagaFailures(design: Design, process: Process): SagaFailure[] {
  const out: SagaFailure[] = [];
  const pivot = pivotIndex(process);
  const last = pivot ?? process.steps.length - 1;
  for (let j = 0; j <= last; j++) {
    const failing = process.steps[j];
    if (!failing || !canFailPermanently(process, failing)) continue;
    const completed = process.steps.slice(0, j);
    const uncompensated = completed.filter((s) => !needsNoCompensation(design, s) && !isCompensated(design, s));
    out.push({ failing, completed, uncompensated });
  }
  return out;
}
