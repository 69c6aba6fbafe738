import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { DIFF_META } from '../generated/diff-meta.js';
import { UsageError } from '../errors.js';
import { pageOpening } from '../rules/docs.js';
import { didYouMean } from '../util/nearest.js';
import { packageRoot } from '../util/package-root.js';

interface DiffRuleDoc {
  readonly id: string;
  readonly title: string;
  readonly class: string;
  readonly summary: string;
  readonly why: string;
  readonly fix: string;
  readonly examples: readonly { readonly name: string; readonly old: string; readonly new: string }[];
}

const CLASS_WORDS: Readonly<Record<string, string>> = {
  breaking: 'breaking (a consumer, a sender or a running instance fails; shown as an error)',
  risky: 'risky (the process is weaker; shown as a warning)',
  safe: 'safe (nothing that exists breaks; shown as an info)',
};

/** A change rule's page in Markdown, from rules/diff/<name>.yaml: what `explain diff/<id>` prints. */
export function explainChange(id: string): string {
  const ids = Object.keys(DIFF_META).sort();
  if (!DIFF_META[id]) throw new UsageError(`'${id}' is not a change rule${didYouMean(id, ids) || `; they are ${ids.join(', ')}.`}`);
  const doc = parse(readFileSync(path.join(packageRoot(), 'rules', `${id}.yaml`), 'utf8')) as DiffRuleDoc;
  const out = [
    ...pageOpening(doc, `**${doc.title}** — a change of \`eda-advisor diff\` and \`review --since\`, ${CLASS_WORDS[doc.class] ?? doc.class}.`),
    '## Examples',
    '',
  ];
  for (const e of doc.examples)
    out.push(`### ${e.name}`, '', 'Before:', '', '```yaml', e.old.trimEnd(), '```', '', 'After:', '', '```yaml', e.new.trimEnd(), '```', '');
  return `${out.join('\n')}`;
}
