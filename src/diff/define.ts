import type { Ref } from '../findings.js';
import type { Design } from '../model/types.js';
import type { Renames } from './match.js';

/** What a change does to what exists: a consumer, a sender or a running instance fails; the process is weaker; nothing breaks. */
export type ChangeClass = 'breaking' | 'risky' | 'safe';

/** What the engine needs of rules/diff/<name>.yaml at run time (scripts/generate.js extracts it). */
export interface DiffRuleMeta {
  readonly id: string;
  readonly title: string;
  readonly class: ChangeClass;
  readonly summary: string;
  readonly why: string;
  readonly fix: string;
}

export interface DiffReport<M extends string> {
  readonly messageId: M;
  /** Where in the NEW design; for something removed, the owner of what was removed. */
  readonly at: Ref;
  readonly data: Readonly<Record<string, string | number>>;
  /** A class for this case other than the rule's (a field removed from an internal event is risky, not breaking). */
  readonly class?: ChangeClass;
}

/** What a change rule sees: both models, the renames found between them, and a way to report. */
export interface DiffContext<M extends string> {
  readonly old: Design;
  readonly new: Design;
  readonly renames: Renames;
  report(report: DiffReport<M>): void;
}

export interface DiffRule<M extends string = string> {
  readonly id: string;
  /** Message templates by id, with `{{placeholders}}`: one line each, in a reviewer's words. */
  readonly messages: Readonly<Record<M, string>>;
  /** The fix for this change, by message id, with the change's names; the rule's `fix` otherwise. */
  readonly hints?: Readonly<Partial<Record<M, string>>>;
  check(context: DiffContext<M>): void;
}

/** Declares a change rule; message ids are checked by the compiler against `messages`. */
export function defineDiffRule<M extends string>(rule: DiffRule<M>): DiffRule<M> {
  return rule;
}
