import { defineRule } from '../engine/define-rule.js';
import { isReply } from '../model/graph.js';
import { casingOf, isBaseVerb, isPastForm, words, type Casing } from '../util/english.js';

/** Conventional suffixes that say what a message is rather than what it means, as lower-case words, longest first (1.1). */
const SUFFIXES = ['IntegrationEvent', 'DomainEvent', 'Event', 'Command', 'Message', 'Reply', 'Request', 'Response', 'Activity', 'Task'].map((s) =>
  words(s)
    .map((w) => w.toLowerCase())
    .join(' '),
);

const MAY_HAVE_SUFFIX = /(event|command|message|reply|request|response|activity|task)$/i;

/** Words that code uses as imperatives although dictionaries list them as nouns (1.1). */
const IMPERATIVE_COMPOUNDS = new Set(['rollback', 'setup', 'checkout', 'login', 'logout', 'signup', 'backup', 'cleanup', 'shutdown', 'startup', 'upsert']);

function meaningful(name: string): string[] {
  const w = words(name);
  if (!MAY_HAVE_SUFFIX.test(name)) return w;
  for (const suffix of SUFFIXES) {
    const n = suffix.split(' ').length;
    if (w.length > n && w.slice(-n).join(' ').toLowerCase() === suffix) return w.slice(0, -n);
  }
  return w;
}

/** Events are facts (OrderPlaced), commands are requests (PlaceOrder): names in the ubiquitous language say which. */
export default defineRule({
  id: 'naming-convention',
  messages: {
    eventTense: "Event '{{name}}' is not named in the past tense: an event records something that happened ({{example}}).",
    commandVerb: "Command '{{name}}' does not start with a verb in the imperative: a command asks for something to be done ({{example}}).",
    mixedCasing: "{{kind}} '{{name}}' is {{casing}} while most {{kinds}} are {{usual}}.",
  },
  hints: {
    eventTense: 'Name it for what happened, in the past tense: <Subject><PastVerb>, such as PaymentFailed or GuestCheckedOut.',
    commandVerb: 'Name it for what it asks: <Verb><Object>, such as ReserveStock or CheckOutGuest.',
    mixedCasing: 'Write all {{kinds}} in one style: {{usual}}.',
  },
  check({ design, report }) {
    // forEach and indexed loops: a for-of makes an iterator and a result for each step of cold code.
    design.events.forEach((e) => {
      if (isReply(e) || e.fromOutside) return;
      const w = meaningful(e.name);
      if (!w.some((x) => isPastForm(x)))
        report({ messageId: 'eventTense', at: { ...e.ref, at: 'key' }, data: { name: e.name, example: 'OrderPlaced, PaymentFailed' } });
    });
    design.commands.forEach((c) => {
      const first = meaningful(c.name)[0];
      if (!first || !(isBaseVerb(first) || IMPERATIVE_COMPOUNDS.has(first.toLowerCase())))
        report({ messageId: 'commandVerb', at: { ...c.ref, at: 'key' }, data: { name: c.name, example: 'PlaceOrder, ReserveStock' } });
    });
    const mixed = (kind: string, kinds: string, names: { name: string; ref: { file: string; path: readonly (string | number)[] } }[]) => {
      const counts = new Map<Casing, number>();
      const casings = names.map((n) => casingOf(n.name));
      for (let i = 0; i < casings.length; i++) {
        const c = casings[i];
        if (c) counts.set(c, (counts.get(c) ?? 0) + 1);
      }
      if (counts.size < 2) return;
      const usual = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] as Casing;
      for (let i = 0; i < names.length; i++) {
        const n = names[i] as (typeof names)[number];
        const casing = casings[i];
        if (casing && casing !== usual) report({ messageId: 'mixedCasing', at: { ...n.ref, at: 'key' }, data: { kind, kinds, name: n.name, casing, usual } });
      }
    };
    mixed('Command', 'commands', [...design.commands.values()]);
    mixed(
      'Event',
      'events',
      [...design.events.values()].filter((e) => !e.fromOutside),
    );
  },
});
