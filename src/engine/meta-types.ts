import type { Severity } from '../findings.js';

export type Category = 'parse' | 'anti-pattern' | 'transaction boundaries' | 'event design' | 'error handling' | 'infrastructure' | 'analysis' | 'all';

/** What the engine needs of rules/<id>.yaml at run time (scripts/generate.js extracts it). */
export interface RuleMeta {
  readonly id: string;
  readonly title: string;
  readonly category: Category;
  readonly severity: Severity;
  readonly summary: string;
  readonly why: string;
  readonly fix: string;
  /** The checklist items whose status its findings decide. */
  readonly checklist: readonly string[];
  /** The guidance section its findings are placed in. */
  readonly guidance: GuidanceSection;
  readonly defaults: Readonly<Record<string, unknown>>;
}

/** The sections of the guidance a finding can be placed in (the fixed format's, but for the title). */
export type GuidanceSection =
  'scenarioSummary' | 'recommendedPattern' | 'implementationApproach' | 'keyComponents' | 'errorHandlingStrategy' | 'integrationPoints';

/** One item of the expert's checklist, anti-pattern list or the deeper analyses. */
export interface ChecklistItemMeta {
  readonly id: string;
  readonly title: string;
  readonly group: string;
}
