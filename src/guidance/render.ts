import type { Finding } from '../findings.js';
import { visible } from '../util/visible.js';
import { RULES_META } from '../generated/rules-meta.js';
import { PATTERN_NAMES } from './advisor.js';
import { SECTIONS, type Guidance, type ProcessGuidance, type SectionId } from './types.js';

/** The guidance of one process, with where it is in the design and what wrote it. */
export interface RenderedProcess extends ProcessGuidance {
  /** `file:line:column` of the process. */
  readonly at: string;
  /** Why the LLM pass was not used, when it was asked for and failed. */
  readonly fallback?: string;
}

function findingLine(f: Finding): string {
  const fix = f.hint ?? RULES_META[f.ruleId]?.fix;
  return `- **${f.severity}** \`${f.ruleId}\` at ${f.file}:${f.line}:${f.column}: ${f.message}${fix ? ` Fix: ${fix}` : ''}`;
}

function sectionBody(g: Guidance, id: SectionId): string[] {
  switch (id) {
    case 'scenarioSummary':
      return [g.scenarioSummary];
    case 'recommendedPattern': {
      const p = g.recommendedPattern;
      const name = PATTERN_NAMES[p.pattern];
      return [
        `**${name.charAt(0).toUpperCase()}${name.slice(1)}**${p.fitsDeclared ? ', as declared.' : ', not the declared pattern.'}`,
        '',
        ...p.reasons.map((r) => `- ${r}`),
      ];
    }
    case 'implementationApproach':
      return g.implementationApproach.map((s, i) => `${i + 1}. ${s}`);
    case 'keyComponents':
      return g.keyComponents.map((c) => `- **${c.name}**: ${c.responsibility}`);
    case 'errorHandlingStrategy':
      return g.errorHandlingStrategy.map((s) => `- ${s}`);
    case 'integrationPoints':
      return g.integrationPoints.map((s) => `- ${s}`);
  }
}

/** The seed's guidance format, one block per process; open findings sit in the section where they belong. */
export function renderMarkdown(items: readonly RenderedProcess[], designName: string): string {
  const blocks = items.map((item) => {
    const lines = ['## Event-Driven Architecture Guidance', ''];
    const by =
      item.source === 'llm'
        ? `written by ${item.model ?? 'Claude'} from the design, its review and its simulation; the findings are eda-advisor's`
        : 'written offline from the design, its review and its simulation';
    lines.push(`_Process \`${item.process}\` (${PATTERN_NAMES[item.pattern]}) of \`${designName}\`, ${item.at}: ${by}._`, '');
    for (const s of SECTIONS) {
      lines.push(`### ${s.title}`, '', ...sectionBody(item.guidance, s.id));
      const open = item.findings[s.id];
      if (open && open.length > 0) lines.push('', `Open findings (${open.length}):`, '', ...open.map(findingLine));
      lines.push('');
    }
    return lines.join('\n');
  });
  // Names come from the design: no control character reaches the reader's terminal.
  return `${blocks.join('\n---\n\n').trimEnd().split('\n').map(visible).join('\n')}\n`;
}

/** The same as JSON: stable keys, for scripts and for the walkthrough's tests. */
export function renderJson(items: readonly RenderedProcess[], file: string, designName: string): string {
  return `${JSON.stringify(
    {
      version: 1,
      file,
      design: designName,
      processes: items.map((i) => ({
        process: i.process,
        pattern: i.pattern,
        at: i.at,
        source: i.source,
        ...(i.model ? { model: i.model } : {}),
        ...(i.fallback ? { fallback: i.fallback } : {}),
        guidance: i.guidance,
        findings: Object.fromEntries(
          SECTIONS.filter((s) => (i.findings[s.id]?.length ?? 0) > 0).map((s) => [
            s.id,
            (i.findings[s.id] ?? []).map((f) => ({
              ruleId: f.ruleId,
              severity: f.severity,
              message: f.message,
              file: f.file,
              line: f.line,
              column: f.column,
              ...(f.hint ? { hint: f.hint } : {}),
            })),
          ]),
        ),
      })),
    },
    null,
    2,
  )}\n`;
}

/** Control characters other than newline and tab, which a model's text must not smuggle into a terminal. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Removes terminal control sequences from every string of an answer. */
export function sanitize(g: Guidance): Guidance {
  const s = (t: string) => t.replace(CONTROL, '');
  return {
    scenarioSummary: s(g.scenarioSummary),
    recommendedPattern: { ...g.recommendedPattern, reasons: g.recommendedPattern.reasons.map(s) },
    implementationApproach: g.implementationApproach.map(s),
    keyComponents: g.keyComponents.map((c) => ({ name: s(c.name), responsibility: s(c.responsibility) })),
    errorHandlingStrategy: g.errorHandlingStrategy.map(s),
    integrationPoints: g.integrationPoints.map(s),
  };
}
