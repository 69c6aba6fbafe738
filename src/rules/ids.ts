import { RULES_META } from '../generated/rules-meta.js';

/** Every rule id of the catalogue, sorted. */
export const RULE_IDS: readonly string[] = Object.keys(RULES_META).sort();
