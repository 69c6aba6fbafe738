import type { Finding, Severity } from '../findings.js';
import { visible } from '../util/visible.js';
import type { Formatter } from './types.js';

const ICON: Record<Severity, string> = { error: '🔴', warning: '🟠', info: '🔵' };

/** A report ready for a pull-request comment (and GitHub's job summary): counts, then a table per file. */
const markdown: Formatter = (report) => {
  const { errors, warnings, infos, files } = report.summary;
  const lines = ['## eda-advisor review', ''];
  if (report.findings.length === 0) {
    lines.push(`✅ No problems in ${files} ${files === 1 ? 'file' : 'files'}.`);
    return `${lines.join('\n')}\n`;
  }
  lines.push(
    `**${errors}** ${errors === 1 ? 'error' : 'errors'}, **${warnings}** ${warnings === 1 ? 'warning' : 'warnings'}, **${infos}** ${infos === 1 ? 'info' : 'infos'} in ${files} ${files === 1 ? 'file' : 'files'}.`,
    '',
  );
  const byFile = new Map<string, Finding[]>();
  for (const f of report.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  for (const [file, findings] of byFile) {
    lines.push(`### \`${visible(file)}\``, '', '| | line | rule | finding |', '|---|---|---|---|');
    for (const f of findings) {
      const text = cell(visible(f.message)) + (f.hint ? `<br>↳ ${cell(visible(f.hint))}` : '');
      lines.push(`| ${ICON[f.severity]} | ${f.line}:${f.column} | \`${f.ruleId}\` | ${text} |`);
    }
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
};

/** Text safe inside a Markdown table cell. */
export function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>').replace(/</g, '&lt;');
}

export default markdown;
