import { reviewSource, type FileReview, type ReviewOptions } from '../engine/run.js';
import type { Finding } from '../findings.js';
import { RULES_META } from '../generated/rules-meta.js';
import type { Source } from '../parse/load.js';
import { parsedFromValue, parseYaml } from '../parse/yaml.js';
import { originOf, silenceOf, type ImportResult } from './imported.js';

/**
 * Reviews a source an importer reads (a state machine definition, a BPMN model) as the design it
 * converts to, in memory. Every finding moves to the line of the state or element it comes from; a
 * finding that exists only because the source is silent says what it does not say; what the source
 * does that the design cannot show (a Catch that skips a compensation) is a finding of the rule it
 * breaks. A source that cannot be converted gives its problems as `schema` findings.
 */
export function reviewImported(source: Source, result: ImportResult, options: ReviewOptions): FileReview {
  const file = source.file;
  if (!result.ok) {
    const findings: Finding[] = result.problems.map((p) => ({
      ruleId: 'schema',
      messageId: 'import',
      severity: 'error',
      message: `Cannot be read as a design: ${p.message}`,
      file,
      path: [],
      ...p.at,
    }));
    return { file, parsed: parseYaml({ file, text: '{}' }), findings, suppressed: 0, suppressedFindings: [], crashes: [], sources: [file] };
  }
  const { imported } = result;
  const review = reviewSource({ file, text: JSON.stringify(imported.value) }, options, parsedFromValue);
  const findings = review.findings.map((f): Finding => {
    const silence = silenceOf(imported, f.ruleId, f.path);
    return {
      ...f,
      ...originOf(imported, f.path),
      ...(silence ? { message: `${f.message} The ${imported.noun} does not say ${silence}.` } : {}),
    };
  });
  const levels = options.levels;
  for (const s of imported.findings) {
    const meta = RULES_META[s.ruleId];
    const level = levels?.get(s.ruleId);
    if (!meta || level === 'off') continue;
    const own = meta.severity;
    findings.push({
      ruleId: s.ruleId,
      messageId: s.messageId,
      severity: level ?? options.raise?.[own] ?? own,
      message: s.message,
      ...(s.hint ? { hint: s.hint } : {}),
      file,
      path: [],
      ...s.at,
      ...(s.data ? { data: s.data } : {}),
    });
  }
  // The design's text is JSON made in memory: it holds no comments, so nothing of it is suppressed.
  return { ...review, findings, suppressed: 0, suppressedFindings: [], sources: [file] };
}
