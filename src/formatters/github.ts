import type { Severity } from '../findings.js';
import { visible } from '../util/visible.js';
import type { Formatter } from './types.js';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/**
 * GitHub Actions workflow commands, one per finding, which GitHub shows as annotations on the lines
 * of a pull request. Annotation texts are one line: newlines and '%' are escaped, and in properties
 * ':' and ',' too (https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts).
 */
const github: Formatter = (report) =>
  report.findings
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
    .join('');

function data(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function prop(text: string): string {
  return data(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export default github;
