import { Chalk } from 'chalk';
import { visible } from '../util/visible.js';
import type { Finding, Severity } from '../findings.js';
import type { Formatter } from './types.js';

/** Findings grouped by file, one line each, as ESLint's stylish prints them, with the hint below. */
const stylish: Formatter = (report, context) => {
  const c = new Chalk({ level: context.color ? 1 : 0 });
  const paint: Record<Severity, (s: string) => string> = { error: c.red, warning: c.yellow, info: c.blue };
  const lines: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const list = byFile.get(f.file);
    if (list) list.push(f);
    else byFile.set(f.file, [f]);
  }
  for (const [file, findings] of byFile) {
    lines.push(c.underline(visible(file)));
    const posWidth = findings.reduce((w, f) => Math.max(w, `${f.line}:${f.column}`.length), 0);
    for (const f of findings) {
      const pos = `${f.line}:${f.column}`.padStart(posWidth);
      lines.push(`  ${c.dim(pos)}  ${paint[f.severity](f.severity.padEnd(7))}  ${visible(f.message)}  ${c.dim(f.ruleId)}`);
      if (f.hint) lines.push(`  ${' '.repeat(posWidth)}  ${' '.repeat(7)}  ${c.dim(`↳ ${visible(f.hint)}`)}`);
    }
    lines.push('');
  }
  const { errors, warnings, infos, files, suppressed, quieted = 0 } = report.summary;
  const total = errors + warnings + infos;
  const fileCount = `${files} ${files === 1 ? 'file' : 'files'}`;
  const notCounted = `${suppressed > 0 ? `, ${suppressed} suppressed` : ''}${quieted > 0 ? `, ${quieted} below error hidden by --quiet` : ''}`;
  if (total === 0 && quieted > 0) {
    lines.push(c.yellow(`✔ No errors in ${fileCount}${notCounted}.`));
  } else if (total === 0) {
    lines.push(c.green(report.diff ? `✔ No changes${notCounted}.` : `✔ No problems in ${fileCount}${notCounted}.`));
  } else if (report.diff && report.findings.every((f) => typeof f.data?.class === 'string')) {
    // A diff counts its changes by class (a level set by --rule shows in the lines above).
    const n = (k: string) => report.findings.filter((f) => f.data?.class === k).length;
    const line = `✖ ${total} ${total === 1 ? 'change' : 'changes'} (${n('breaking')} breaking, ${n('risky')} risky, ${n('safe')} safe)${notCounted}.`;
    lines.push(errors > 0 ? c.red.bold(line) : warnings > 0 ? c.yellow.bold(line) : c.bold(line));
  } else {
    const counts = `${total} ${total === 1 ? 'problem' : 'problems'} (${errors} ${errors === 1 ? 'error' : 'errors'}, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}, ${infos} ${infos === 1 ? 'info' : 'infos'})`;
    const line = `✖ ${counts} in ${fileCount}${notCounted}.`;
    lines.push(errors > 0 ? c.red.bold(line) : warnings > 0 ? c.yellow.bold(line) : c.bold(line));
  }
  return `${lines.join('\n')}\n`;
};
export default stylish;
