import { DIFF_META } from '../generated/diff-meta.js';
import { RULES_META } from '../generated/rules-meta.js';

/** Every rule id of the catalogue, sorted. */
export const RULE_IDS: readonly string[] = Object.keys(RULES_META).sort();

/** What a configuration or --rule may set: the review's rules and diff's change rules (diff/<name>). */
export const CONFIGURABLE_IDS: readonly string[] = [...RULE_IDS, ...Object.keys(DIFF_META).sort()];
