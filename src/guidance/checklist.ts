import type { Finding } from '../findings.js';
import { CHECKLIST_ITEMS, RULES_META } from '../generated/rules-meta.js';
import { RULE_IDS } from '../rules/ids.js';

/** One line of the seed's checklist or anti-pattern list, and the rules whose findings speak to it. */
export interface ChecklistItem {
  readonly id: string;
  readonly title: string;
  readonly group: ChecklistGroup;
  readonly rules: readonly string[];
}

export type ChecklistGroup = 'Transaction Boundaries' | 'Event Design' | 'Error Handling' | 'Infrastructure' | 'Anti-patterns' | 'Other analyses';

/** The four areas of the implementation checklist, in the seed's order. */
export const AREAS: readonly ChecklistGroup[] = ['Transaction Boundaries', 'Event Design', 'Error Handling', 'Infrastructure'];

/**
 * The implementation checklist and the anti-patterns of the seed, with the rules behind each item:
 * generated from each rule's `checklist:` in rules/<id>.yaml and the items of
 * schemas/rule.schema.json (scripts/generate.js fails the build on an item no rule names).
 */
export const CHECKLIST: readonly ChecklistItem[] = CHECKLIST_ITEMS.map((item) => ({
  id: item.id,
  title: item.title,
  group: item.group as ChecklistGroup,
  rules: RULE_IDS.filter((id) => RULES_META[id]?.checklist.includes(item.id)),
}));

export interface ItemStatus {
  readonly item: ChecklistItem;
  readonly findings: readonly Finding[];
  /** No error or warning among its findings (notes do not undo an item). */
  readonly done: boolean;
}

export function checklistStatus(findings: readonly Finding[]): ItemStatus[] {
  return CHECKLIST.map((item) => {
    const mine = findings.filter((f) => item.rules.includes(f.ruleId));
    return { item, findings: mine, done: !mine.some((f) => f.severity !== 'info') };
  });
}
