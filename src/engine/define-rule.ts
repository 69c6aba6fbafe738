import type { Ref, Severity } from '../findings.js';
import type { Design } from '../model/types.js';
import type { SchemaProblem } from '../parse/schema.js';
import type { SyntaxProblem } from '../parse/yaml.js';
import type { Suppression } from './suppressions.js';

/** A source range by offsets, for what has no path in the document (a syntax error, a comment). */
export interface Span {
  readonly file: string;
  readonly start: number;
  readonly end: number;
}

export interface Report<M extends string> {
  readonly messageId: M;
  readonly at: Ref | Span;
  readonly data?: Readonly<Record<string, string | number>>;
  /** A lower severity for this case than the rule's default (an undeclared setting, say). */
  readonly severity?: Severity;
}

/** What a rule sees: the model, its options, and what the parse found. It only reports. */
export interface RuleContext<M extends string, O> {
  readonly design: Design;
  readonly options: O;
  readonly syntax: readonly (SyntaxProblem & { readonly file?: string })[];
  readonly schema: readonly (SchemaProblem & { readonly file?: string })[];
  readonly unusedSuppressions: readonly Suppression[];
  report(report: Report<M>): void;
}

/**
 * When a rule runs: `syntax` on every file; `schema` when the YAML parsed; `design` on the model;
 * `suppressions` last, when every other finding is known.
 */
export type Phase = 'syntax' | 'schema' | 'design' | 'suppressions';

export interface Rule<M extends string = string, O = Record<string, unknown>> {
  readonly id: string;
  readonly phase?: Phase;
  /** Message templates by id, with `{{placeholders}}`; one line each, in a reviewer's words. */
  readonly messages: Readonly<Record<M, string>>;
  /** What to do about it, by message id, when there is a short answer. */
  readonly hints?: Readonly<Partial<Record<M, string>>>;
  check(context: RuleContext<M, O>): void;
}

/** A rule of any options, as the engine holds them (it passes each its own defaults). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each rule has its own options type; the engine holds them all
export type AnyRule = Rule<string, any>;

/** Declares a rule; message ids are checked by the compiler against `messages`. */
export function defineRule<M extends string, O = Record<string, never>>(rule: Rule<M, O>): Rule<M, O> {
  return rule;
}

export function isSpan(at: Ref | Span): at is Span {
  return (at as Span).start !== undefined;
}
