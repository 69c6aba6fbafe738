import { isReadOnlyStep, startsProcess, stepCompensations, uncompensatedCommands } from '../model/graph.js';
import { compensationRisk, retryFor } from '../model/policies.js';
import type { Design, Process, Step } from '../model/types.js';
import type { CompensationRun, Problem, Ran, Trace, TraceStep } from './trace.js';

/** The index of the saga's first pivot step, or undefined when it declares none. */
export function pivotIndex(process: Process): number | undefined {
  const i = process.steps.findIndex((s) => s.declaredKind === 'pivot');
  return i === -1 ? undefined : i;
}

/**
 * Whether a step can end the saga with a failure: any step but the one that runs in the starting
 * local transaction, and but a retriable one that declares no failure event (it is retried until
 * it succeeds).
 */
export function canFailPermanently(process: Process, step: Step): boolean {
  if (startsProcess(process, step)) return false;
  return step.declaredKind !== 'retriable' || step.onFailure.length > 0;
}

/** Whether a completed step leaves nothing to undo when a later step fails. */
export function needsNoCompensation(design: Design, step: Step): boolean {
  return isReadOnlyStep(design, step) || step.declaredKind === 'retriable' || step.declaredKind === 'pivot';
}

/**
 * What a saga undoes when step i fails, in the order it undoes it: the failing step itself (when it
 * compensates on failure, when part of its batch succeeded, or when a deadline abandons it in
 * progress), then the completed steps that need undoing, last first. simulate and verify read it, so
 * the two say the same compensations.
 */
export function failurePlan(design: Design, process: Process, i: number, inProgress = false): Step[] {
  const failing = process.steps[i];
  const plan: Step[] = [];
  if (failing && (failing.compensateOnFailure || inProgress || partlyDone(design, failing))) plan.push(failing);
  for (let j = i - 1; j >= 0; j--) {
    const s = process.steps[j];
    if (s && !needsNoCompensation(design, s)) plan.push(s);
  }
  return plan;
}

/** A batch step whose failure leaves the elements that succeeded to undo (partialFailure: compensate-completed or fail-all). */
function partlyDone(design: Design, step: Step): boolean {
  return (
    !step.compensateOnFailure &&
    step.forEach !== undefined &&
    (step.partialFailure === 'compensate-completed' || step.partialFailure === 'fail-all') &&
    !isReadOnlyStep(design, step)
  );
}

/**
 * The saga failing for good at each step that can: the steps that had completed, the compensations
 * run in reverse order (or all at once), the outcome, and what is left inconsistent. A step past the
 * pivot cannot be compensated: the saga must complete, so its failure is itself the problem.
 */
export function sagaTraces(design: Design, process: Process, detail = true): Trace[] {
  const traces: Trace[] = [];
  const pivot = pivotIndex(process);
  process.steps.forEach((failing, j) => {
    if (!canFailPermanently(process, failing)) return;
    const steps: TraceStep[] = [];
    // Rules need only the verdicts: the step-by-step text is written for simulate alone (`say?.(…)`
    // does not even make its arguments without it).
    const say = detail ? (kind: TraceStep['kind'], text: () => string) => void steps.push({ kind, text: text() }) : undefined;
    const ran: Ran[] = [];
    const nothing: Ran[] = [];
    say?.('start', () => {
      const start = process.startedBy.map((s) => s.name).join(' or ');
      return start ? `${start} starts '${process.name}'` : `'${process.name}' starts`;
    });
    for (const s of process.steps.slice(0, j)) {
      for (const c of s.commands) {
        say?.('send', () => `step '${s.name}': send ${c.name}${handlerOf(design, c.name)}`);
        if (!isReadOnlyStep(design, s)) ran.push({ command: c.name, at: s.name });
      }
      const success = s.onSuccess?.name;
      if (success) say?.('receive', () => `receive ${success}`);
    }
    say?.('send', () => `step '${failing.name}': send ${failing.commands.map((c) => c.name).join(', ')}${handlerOf(design, failing.commands[0]?.name)}`);
    say?.('fail', () => {
      const policy = retryFor(design, failing.commands[0]?.name, failing.retry);
      const failure = failing.onFailure[0]?.name;
      return `step '${failing.name}' fails for good${policy ? ` (retries of '${policy.policy}' spent)` : ''}${failure ? `: receive ${failure}` : ''}`;
    });

    const problems: Problem[] = [];
    const compensations: CompensationRun[] = [];
    if (pivot !== undefined && j > pivot) {
      const pivotName = process.steps[pivot]?.name ?? '';
      problems.push({
        kind: 'after-pivot',
        message: `step '${failing.name}' fails after the pivot '${pivotName}': the saga can neither complete nor compensate`,
        ref: failing.ref,
      });
      say?.('end', () => 'stuck past the point of no return');
      traces.push(trace(failing, ran, compensations, nothing, undefined, problems, steps));
      return;
    }
    const undo = (s: Step) => {
      if (s.coveredBy) {
        const cover = s.coveredBy.name;
        say?.('compensate', () => `step '${s.name}': covered by the compensation of '${cover}'`);
        return;
      }
      // A side effect that needs no undo (1.1): said, and nothing run.
      const none = s.noCompensation
        ? s.commands.map((c) => c.name)
        : s.ownCompensation
          ? []
          : s.commands.filter((c) => design.noUndo.has(c.name) && !design.compensations.has(c.name)).map((c) => c.name);
      if (none.length > 0) {
        for (const command of none) nothing.push({ command, at: s.name });
        say?.('compensate', () => `step '${s.name}': nothing to undo for ${none.join(', ')} (compensation: none)`);
      }
      for (const c of stepCompensations(design, s)) {
        const run = c.command?.name ?? c.event?.name ?? '';
        const undoes = s.ownCompensation
          ? s.commands.map((x) => x.name).join(', ')
          : (s.commands.find((x) => design.compensations.get(x.name) === c)?.name ?? '');
        const risk = compensationRisk(design, c);
        compensations.push({ run, undoes, at: s.name, ...(risk ? { risk } : {}) });
        say?.('compensate', () => `step '${s.name}': ${c.command ? `send ${run}` : `publish ${run}`} to undo ${undoes}${risk ? ` — but ${risk}` : ''}`);
        if (risk)
          problems.push({
            kind: 'compensation-can-fail',
            message: `the compensation ${run} of step '${s.name}' may fail for good: ${risk}`,
            ref: c.ref,
            commands: [run],
          });
      }
      const missing = uncompensatedCommands(design, s);
      if (missing.length > 0) {
        problems.push({ kind: 'uncompensated', message: `step '${s.name}' completed and nothing undoes ${missing.join(', ')}`, ref: s.ref, commands: missing });
        say?.('compensate', () => `step '${s.name}': nothing undoes ${missing.join(', ')}`);
      }
    };
    const plan = failurePlan(design, process, j);
    if (plan[0] === failing && partlyDone(design, failing)) {
      // Some elements of the batch succeeded before the failure: they are undone first.
      for (const c of failing.commands) ran.push({ command: c.name, at: `${failing.name} (the elements that succeeded)` });
      say?.('compensate', () => `step '${failing.name}': undo the elements of '${failing.forEach}' that succeeded`);
    }
    if (process.compensationOrder === 'parallel' && plan.filter((s) => s !== failing).length > 1) say?.('compensate', () => 'compensate in parallel:');
    for (const s of plan) undo(s);
    const outcome = process.failsWith?.name;
    say?.('end', () => (outcome ? `publish ${outcome}` : 'ends failed (no failsWith declared)'));
    traces.push(trace(failing, ran, compensations, nothing, outcome, problems, steps));
  });
  return traces;
}

function trace(
  failing: Step,
  ran: Ran[],
  compensations: CompensationRun[],
  nothingToUndo: Ran[],
  outcome: string | undefined,
  problems: Problem[],
  steps: TraceStep[],
): Trace {
  return {
    point: { id: failing.name, kind: 'step', label: `step '${failing.name}' fails`, ref: failing.ref },
    ran,
    compensations,
    nothingToUndo,
    ...(outcome ? { outcome } : {}),
    problems,
    steps,
  };
}

function handlerOf(design: Design, command: string | undefined): string {
  const handler = command === undefined ? undefined : design.commands.get(command)?.handledBy?.name;
  return handler ? ` to ${handler}` : '';
}
