import type { Severity } from '../findings.js';
import { visible } from '../util/visible.js';
import type { Formatter } from './types.js';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/**
 * GitHub Actions workflow commands, one per finding, which GitHub shows as annotations on the lines
 * of a pull request. Annotation texts are one line: newlines and '%' are escaped, and in properties
 * ':' and ',' too (https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts).
 */
/** GitHub shows at most this many annotations of each kind per step (and 50 per job); the rest are dropped. */
export const SHOWN_PER_KIND = 10;

const github: Formatter = (report) => {
  const counts = new Map<string, number>();
  for (const f of report.findings) counts.set(COMMAND[f.severity], (counts.get(COMMAND[f.severity]) ?? 0) + 1);
  const over = [...counts].filter(([, n]) => n > SHOWN_PER_KIND).map(([kind, n]) => `${n - SHOWN_PER_KIND} of ${n} ${kind} annotations`);
  // Said first, so that it is among the annotations GitHub keeps.
  const warning =
    over.length === 0
      ? ''
      : `::notice title=${prop('eda-advisor: annotations hidden')}::${data(`GitHub shows ${SHOWN_PER_KIND} annotations of each kind per step and hides ${over.join(' and ')}. Every finding is in the job summary and, when uploaded, in code scanning (SARIF).`)}\n`;
  return `${warning}${report.findings
    .map((f) => {
      const props = [
        `file=${prop(visible(f.file))}`,
        `line=${f.line}`,
        `col=${f.column}`,
        `endLine=${f.endLine}`,
        `endColumn=${f.endColumn}`,
        `title=${prop(`eda-advisor ${f.ruleId}`)}`,
      ].join(',');
      return `::${COMMAND[f.severity]} ${props}::${data(f.hint ? `${visible(f.message)}\n${visible(f.hint)}` : visible(f.message))}\n`;
    })
    .join('')}`;
};

function data(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function prop(text: string): string {
  return data(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export default github;
