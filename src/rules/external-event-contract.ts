import { defineRule } from '../engine/define-rule.js';

/** An external event is a published contract: consumers in other contexts need its version and its fields. */
export default defineRule({
  id: 'external-event-contract',
  messages: {
    noVersion: "External event '{{event}}' has no version: consumers in other contexts cannot tell a new contract from the old one.",
    noFields: "External event '{{event}}' does not declare its fields: its contract with other contexts is unwritten.",
  },
  hints: {
    noVersion: 'Declare version: 1, and raise it with every change that breaks consumers.',
    noFields: 'Declare fields: the data other contexts may rely on, enriched at the boundary.',
  },
  check({ design, report }) {
    for (const e of design.events.values()) {
      if (e.visibility !== 'external' || e.fromOutside) continue;
      if (e.version === undefined) report({ messageId: 'noVersion', at: e.ref, data: { event: e.name } });
      if (e.fields === undefined) report({ messageId: 'noFields', at: e.ref, data: { event: e.name } });
    }
  },
});
