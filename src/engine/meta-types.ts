import type { Severity } from '../findings.js';

export type Category =
  | 'parse'
  | 'anti-pattern'
  | 'transaction boundaries'
  | 'event design'
  | 'error handling'
  | 'infrastructure'
  | 'analysis'
  | 'all';

/** What the engine needs of rules/<id>.yaml at run time (scripts/generate.js extracts it). */
export interface RuleMeta {
  readonly id: string;
  readonly title: string;
  readonly category: Category;
  readonly severity: Severity;
  readonly summary: string;
  readonly why: string;
  readonly fix: string;
  readonly defaults: Readonly<Record<string, unknown>>;
}
