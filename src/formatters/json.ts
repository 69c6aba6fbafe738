import type { Finding } from '../findings.js';
import type { Formatter } from './types.js';

/** A finding as the JSON report (and the MCP server) gives it. */
export function findingJson(f: Finding) {
  return {
    ruleId: f.ruleId,
    messageId: f.messageId,
    severity: f.severity,
    message: f.message,
    ...(f.data && Object.keys(f.data).length > 0 ? { data: f.data } : {}),
    ...(f.hint ? { hint: f.hint } : {}),
    file: f.file,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    path: f.path,
  };
}

/** The documented, stable JSON report: `version` changes only when the shape does. */
const json: Formatter = (report) => {
  const { errors, warnings, infos, files, suppressed } = report.summary;
  const findings = report.findings.map(findingJson);
  return `${JSON.stringify({ version: 1, findings, summary: { errors, warnings, infos, files, suppressed } }, null, 2)}\n`;
};
export default json;
