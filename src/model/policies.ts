import type { Compensation, Design, NameRef } from './types.js';

/** The retry policy that applies, and where the design says so. */
export interface AppliedRetry {
  readonly policy: string;
  readonly from: 'own' | 'command' | 'consumers' | 'default';
}

/**
 * The retry policy for handling `command`: the one named where it is sent (a step's or a
 * compensation's own `retry`), else the command's, else its handler's consumer default, else
 * `infrastructure.defaultRetry`.
 */
export function retryFor(design: Design, command: string | undefined, own?: NameRef): AppliedRetry | undefined {
  if (own) return { policy: own.name, from: 'own' };
  const c = command === undefined ? undefined : design.commands.get(command);
  if (c?.retry) return { policy: c.retry.name, from: 'command' };
  const handler = c?.handledBy && design.services.get(c.handledBy.name);
  if (handler?.consumers?.retry) return { policy: handler.consumers.retry.name, from: 'consumers' };
  const d = design.infrastructure.defaultRetry;
  return d ? { policy: d.name, from: 'default' } : undefined;
}

/**
 * Whether the handler of `command` de-duplicates redeliveries: true when its service says so or
 * the command carries an idempotency key, false when the service says it does not, undefined when
 * the design does not say.
 */
export function isIdempotentHandling(design: Design, command: string): boolean | undefined {
  const c = design.commands.get(command);
  if (c?.idempotencyKey) return true;
  const handler = c?.handledBy && design.services.get(c.handledBy.name);
  return handler?.consumers?.idempotent;
}

/** Why a compensation may fail for good, or undefined when it must eventually succeed. */
export function compensationRisk(design: Design, c: Compensation): string | undefined {
  if (c.onFailure.length > 0) return `it can fail for good (${c.onFailure.map((e) => e.name).join(', ')})`;
  if (!c.command) return undefined;
  if (!retryFor(design, c.command.name, c.retry)) return 'no retry policy applies to it';
  if (isIdempotentHandling(design, c.command.name) === false) return 'its handler is not idempotent';
  return undefined;
}

/** Whether any retry policy applies anywhere in the design. */
export function anyRetryDeclared(design: Design): boolean {
  if (design.infrastructure.defaultRetry) return true;
  for (const c of design.commands.values()) if (c.retry) return true;
  for (const s of design.services.values()) if (s.consumers?.retry) return true;
  for (const c of design.compensations.values()) if (c.retry) return true;
  for (const p of design.processes.values()) for (const s of p.steps) if (s.retry || s.ownCompensation?.retry) return true;
  return false;
}
