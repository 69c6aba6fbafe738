import { defineDiffRule } from '../define.js';
import { at, hurts, inBoth, names } from './common.js';

/** An external event whose fields changed under the version it had. */
export default defineDiffRule({
  id: 'diff/external-contract-changed-without-version',
  messages: {
    unchanged: 'External event {{event}} changed ({{change}}) and is still version {{version}} ({{hurts}}).',
    unversioned: 'External event {{event}} changed ({{change}}) and has no version to raise ({{hurts}}).',
  },
  hints: {
    unchanged: 'Raise version to {{next}}, and keep publishing version {{version}} until its consumers have moved.',
    unversioned: 'Declare version: 2 (the contract before the change being version 1), and keep publishing the old shape until its consumers have moved.',
  },
  check({ old, new: now, report }) {
    for (const [name, before, e] of inBoth(old.events, now.events)) {
      if (e.visibility !== 'external' || before.visibility !== 'external' || !e.fields || !before.fields) continue;
      if (e.version !== undefined && String(e.version) !== String(before.version ?? '')) continue;
      const was = names(before.fields);
      const is = names(e.fields);
      const changes = [
        ...[...is.keys()].filter((f) => !was.has(f)).map((f) => `'${f}' added`),
        ...[...was.keys()].filter((f) => !is.has(f)).map((f) => `'${f}' removed`),
        ...[...is].filter(([f, x]) => was.has(f) && was.get(f)?.optional !== x.optional).map(([f, x]) => `'${f}' made ${x.optional ? 'optional' : 'required'}`),
      ];
      if (changes.length === 0) continue;
      const version = String(e.version ?? '');
      const next = /^\d+$/.test(version) ? String(Number(version) + 1) : `${version}-next`;
      const data = { event: name, change: changes.join(', '), version, next, hurts: hurts(old, name) };
      report({
        messageId: e.version === undefined ? 'unversioned' : 'unchanged',
        at: at(now, ['events', name, e.version === undefined ? 'fields' : 'version'], e.ref),
        data,
      });
    }
  },
});
