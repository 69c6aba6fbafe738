import type { Level } from '../engine/run.js';
import type { Severity } from '../findings.js';

export const PRESET_NAMES = ['eda-advisor:recommended', 'eda-advisor:strict', 'eda-advisor:all', 'eda-advisor:sketch'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/** A preset: levels for some rules, and a mapping of every finding's own severity (strict raises them). */
export interface Preset {
  readonly levels: ReadonlyMap<string, Level>;
  readonly raise: Readonly<Partial<Record<Severity, Severity>>>;
}

/** What a sketch does not have yet: retries, dead letters, fields, versions, observability. */
const SKETCH: Readonly<Record<string, Level>> = {
  'missing-retry-policy': 'off',
  'missing-dead-letter': 'off',
  'missing-observability': 'off',
  'non-idempotent-consumer': 'off',
  'non-retriable-compensation': 'info',
  'external-event-contract': 'off',
  'insufficient-event-context': 'off',
  'orphan-event': 'off',
  'batch-partial-failure': 'off',
  'naming-convention': 'off',
  'missing-timeout': 'info',
  'missing-failure-path': 'info',
  'missing-outbox': 'info',
  'unproduced-event': 'info',
};

/**
 * recommended: every rule at its own severity. strict: warnings become errors and infos warnings.
 * all: infos become warnings. sketch, for early designs: the rules that need details a sketch does
 * not have yet are off or info; the anti-patterns stay as they are.
 */
export function preset(name: PresetName): Preset {
  switch (name) {
    case 'eda-advisor:strict':
      return { levels: new Map(), raise: { warning: 'error', info: 'warning' } };
    case 'eda-advisor:all':
      return { levels: new Map(), raise: { info: 'warning' } };
    case 'eda-advisor:sketch':
      return { levels: new Map(Object.entries(SKETCH)), raise: {} };
    default:
      return { levels: new Map(), raise: {} };
  }
}
