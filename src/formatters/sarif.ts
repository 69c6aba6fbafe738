import type { Finding, Severity } from '../findings.js';
import { RULES_META } from '../generated/rules-meta.js';
import { VERSION } from '../generated/version.js';
import type { Formatter } from './types.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };
const HELP_BASE = 'https://github.com/eda-advisor/eda-advisor/blob/main/rules';

/**
 * SARIF 2.1.0, as code-scanning dashboards read it: every rule with its descriptions and help, each
 * result with its region (1-based lines and columns, as SARIF counts them) and a fingerprint of
 * rule and path that survives line moves.
 */
const sarif: Formatter = (report) => {
  const ids = Object.keys(RULES_META).sort();
  const index = new Map(ids.map((id, i) => [id, i]));
  const rules = ids.map((id) => {
    const m = RULES_META[id] as NonNullable<(typeof RULES_META)[string]>;
    return {
      id,
      name: m.title.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase()),
      shortDescription: { text: m.summary },
      fullDescription: { text: `${m.summary} ${m.why}` },
      help: { text: m.fix, markdown: `**Why:** ${m.why}\n\n**Fix:** ${m.fix}` },
      helpUri: `${HELP_BASE}/${id}.yaml`,
      defaultConfiguration: { level: LEVEL[m.severity] },
      properties: { category: m.category, tags: [m.category] },
    };
  });
  const results = report.findings.map((f: Finding) => ({
    ruleId: f.ruleId,
    ruleIndex: index.get(f.ruleId) ?? -1,
    level: LEVEL[f.severity],
    message: { text: f.hint ? `${f.message} ${f.hint}` : f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeURI(f.file), uriBaseId: '%SRCROOT%' },
          region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
        },
        ...(f.path.length > 0 ? { logicalLocations: [{ fullyQualifiedName: f.path.join('.'), kind: 'member' }] } : {}),
      },
    ],
    partialFingerprints: { 'edaAdvisor/v1': `${f.ruleId}:${f.path.join('/')}:${f.messageId}` },
  }));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'eda-advisor', version: VERSION, semanticVersion: VERSION, informationUri: 'https://github.com/eda-advisor/eda-advisor', rules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToFileUrl(process.cwd())}/` } },
        artifacts: report.files.map((file) => ({ location: { uri: encodeURI(file), uriBaseId: '%SRCROOT%' } })),
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};

function pathToFileUrl(dir: string): string {
  return `file://${dir.split('\\').join('/').replace(/^([A-Za-z]):/, '/$1:')}`;
}

export default sarif;
