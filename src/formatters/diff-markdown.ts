import type { ChangeClass } from '../diff/define.js';
import type { Finding } from '../findings.js';
import { visible } from '../util/visible.js';
import { cell } from './markdown.js';
import type { ReportData } from './types.js';

const HEADINGS: readonly [ChangeClass, string, string][] = [
  ['breaking', '🔴 Breaking', 'a consumer, a sender or a running instance fails'],
  ['risky', '🟠 Risky', 'the process is weaker'],
  ['safe', '🔵 Safe', 'nothing that exists breaks'],
];

const classOf = (f: Finding): ChangeClass | undefined => {
  const c = f.data?.class;
  return c === 'breaking' || c === 'risky' || c === 'safe' ? c : undefined;
};

/** A diff as a pull-request comment: the counts, then a table per class of change. */
export function formatDiffMarkdown(report: ReportData, names: { readonly old: string; readonly new: string }, unrelated: boolean): string {
  const lines = [`## eda-advisor diff: \`${visible(names.old)}\` → \`${visible(names.new)}\``, ''];
  if (unrelated) lines.push('⚠️ The two designs share nothing: no service, command, event or process name is in both.', '');
  const changes = report.findings.filter((f) => classOf(f) !== undefined);
  const other = report.findings.filter((f) => classOf(f) === undefined);
  if (other.length > 0) {
    lines.push(`**Not compared:** a side does not parse or follow the schema (${other.length} ${other.length === 1 ? 'finding' : 'findings'}).`, '');
    lines.push('| line | rule | finding |', '|---|---|---|');
    for (const f of other) lines.push(`| \`${visible(f.file)}\`:${f.line}:${f.column} | \`${f.ruleId}\` | ${cell(visible(f.message))} |`);
    return `${lines.join('\n')}\n`;
  }
  if (changes.length === 0) {
    lines.push('✅ No change to services, messages, compensations or processes.');
    return `${lines.join('\n')}\n`;
  }
  const count = (c: ChangeClass) => changes.filter((f) => classOf(f) === c).length;
  lines.push(HEADINGS.map(([c]) => `**${count(c)}** ${c}`).join(', ') + '.', '');
  for (const [c, title, what] of HEADINGS) {
    const these = changes.filter((f) => classOf(f) === c);
    if (these.length === 0) continue;
    lines.push(`### ${title} (${these.length}) — ${what}`, '', '| line | change | fix |', '|---|---|---|');
    for (const f of these) lines.push(`| ${f.line}:${f.column} | \`${f.ruleId}\`: ${cell(visible(f.message))} | ${cell(visible(f.hint ?? ''))} |`);
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
