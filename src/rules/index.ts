import type { AnyRule } from '../engine/define-rule.js';
import { RULE_MODULES } from '../generated/rule-modules.js';

/**
 * Every rule, sorted by id: the module of each rules/<id>.yaml, listed by scripts/generate.js (an
 * explicit list of imports, so that nothing is loaded by scanning folders).
 */
export const RULES: readonly AnyRule[] = RULE_MODULES;
