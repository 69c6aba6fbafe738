import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding, Severity } from '../findings.js';
import { SEVERITY_OF } from '../diff/classes.js';
import { DIFF_META } from '../generated/diff-meta.js';
import { RULES_META } from '../generated/rules-meta.js';
import { VERSION } from '../generated/version.js';
import { repositoryOf } from '../util/paths.js';
import { PROPERTIES, type PropertyId } from '../verify/terms.js';
import type { Formatter, HiddenFinding } from './types.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };
const HELP_BASE = 'https://github.com/eda-advisor/eda-advisor/blob/main/rules';

/**
 * Where the files are: %SRCROOT% is the repository's top folder (the nearest with .git above the
 * working folder), as code scanning matches results to the files of the checkout; every artifact is
 * a URI relative to it, encoded by the URL library (a space, `#` or `%` in a name stays a name).
 */
export function locator(cwd: string): { base: string; uri: (file: string) => string } {
  const top = repositoryOf(cwd);
  const base = pathToFileURL(top.endsWith(path.sep) ? top : `${top}${path.sep}`).href;
  return {
    base,
    uri: (file) => {
      const href = pathToFileURL(path.resolve(cwd, file)).href;
      return href.startsWith(base) ? href.slice(base.length) : href;
    },
  };
}

/**
 * SARIF 2.1.0, as code-scanning dashboards read it: every rule with its descriptions and help, each
 * result with its region (1-based lines and columns in UTF-16 code units, as JavaScript and SARIF's
 * default count them) and a fingerprint of rule and path that survives line moves. Findings hidden
 * by a suppression comment or the baseline are results with `suppressions`, as SARIF records them.
 */
const sarif: Formatter = (report) => {
  const where = locator(process.cwd());
  // The catalogue's rules, then the properties of verify that `review --verify` found broken.
  const verified = [...new Set(report.findings.map((f) => f.ruleId).filter((id) => id.startsWith('verify/')))].sort();
  // A diff's report: every change rule (and the parse rules, for a side that does not parse).
  // diff's report: every change rule and the parse rules; review --since: the catalogue and the change rules.
  const changes = report.diff === true || report.findings.some((f) => f.ruleId.startsWith('diff/'));
  const catalogue = report.diff === true ? ['schema', 'yaml-syntax'] : Object.keys(RULES_META).sort();
  const ids = [...catalogue, ...verified, ...(changes ? Object.keys(DIFF_META).sort() : [])];
  const index = new Map(ids.map((id, i) => [id, i]));
  const rules = ids.map((id) => {
    const property = id.startsWith('verify/') ? PROPERTIES[id.slice('verify/'.length) as PropertyId] : undefined;
    if (property)
      return {
        id,
        shortDescription: { text: property.title },
        fullDescription: { text: property.why },
        help: { text: property.fix, markdown: `**Why:** ${property.why}\n\n**Fix:** ${property.fix}` },
        defaultConfiguration: { level: LEVEL[property.severity] },
        properties: { category: 'verify', tags: ['verify'] },
      };
    const change = DIFF_META[id];
    if (change)
      return {
        id,
        name: change.title.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase()),
        shortDescription: { text: change.summary },
        fullDescription: { text: `${change.summary} ${change.why}` },
        help: { text: change.fix, markdown: `**Why:** ${change.why}\n\n**Fix:** ${change.fix}` },
        helpUri: `${HELP_BASE}/${id}.yaml`,
        defaultConfiguration: { level: LEVEL[SEVERITY_OF[change.class]] },
        properties: { category: 'diff', tags: ['diff', change.class] },
      };
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
  const result = (f: Finding) => ({
    ruleId: f.ruleId,
    ruleIndex: index.get(f.ruleId) ?? -1,
    level: LEVEL[f.severity],
    message: { text: f.hint ? `${f.message} ${f.hint}` : f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: where.uri(f.file), uriBaseId: '%SRCROOT%' },
          region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
        },
        ...(f.path.length > 0 ? { logicalLocations: [{ fullyQualifiedName: f.path.join('.'), kind: 'member' }] } : {}),
      },
    ],
    partialFingerprints: { 'edaAdvisor/v1': `${f.ruleId}:${f.path.join('/')}:${f.messageId}` },
  });
  const results = [
    ...report.findings.map(result),
    ...(report.hidden ?? []).map((f: HiddenFinding) => ({
      ...result(f),
      suppressions: [{ kind: f.suppression.kind, status: 'accepted', justification: f.suppression.justification }],
    })),
  ];
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: { name: 'eda-advisor', version: VERSION, semanticVersion: VERSION, informationUri: 'https://github.com/eda-advisor/eda-advisor', rules },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: where.base } },
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            executionSuccessful: (report.failures ?? []).length === 0,
            ...(report.failures?.length ? { toolExecutionNotifications: report.failures.map((text) => ({ level: 'error', message: { text } })) } : {}),
            workingDirectory: { uri: pathToFileURL(`${process.cwd()}${path.sep}`).href },
          },
        ],
        artifacts: report.files.map((file) => ({ location: { uri: where.uri(file), uriBaseId: '%SRCROOT%' } })),
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};

export default sarif;
