import { Chalk } from 'chalk';
import type { VerifyReport } from '../app/verify.js';
import { label } from '../diagram/mermaid.js';
import { VERSION } from '../generated/version.js';
import type { Counterexample, Verdict } from '../verify/explore.js';
import { PROPERTIES, type PropertyId } from '../verify/world.js';
import { plural } from '../util/text.js';
import { locator } from './sarif.js';

/** A property's id as findings and `explain` name it. */
export const verifyRuleId = (p: PropertyId): string => `verify/${p}`;

const n = (x: number) => x.toLocaleString('en');

function bounds(report: VerifyReport): string {
  const b = report.bounds;
  return `up to ${plural(b.maxFaults, 'fault')} per run, ${n(b.depth)} steps and ${n(b.maxStates)} states per process`;
}

/** "holds (exhaustive)", "no failing run found before the bound", "fails", "skipped", in a line. */
function headline(v: Verdict, report: VerifyReport): string {
  const explored = `${n(v.states)} ${v.states === 1 ? 'state' : 'states'} explored`;
  switch (v.status) {
    case 'holds':
      return `no failing run ${bounds(report)} (${explored}, exhaustive)`;
    case 'bounded':
      return `no failing run found before the ${v.stoppedBy === 'depth' ? `depth bound of ${n(report.bounds.depth)} steps` : `bound of ${n(report.bounds.maxStates)} states`} (${explored}); this is not a proof: raise ${v.stoppedBy === 'depth' ? '--depth' : '--max-states'} to look further`;
    case 'fails':
      return `${verifyRuleId(v.counterexample?.property as PropertyId)}: ${v.counterexample?.message} (shortest run: ${v.counterexample?.steps.length} steps; ${explored})`;
    case 'skipped':
      return `not explored: ${v.reason}`;
  }
}

export function formatVerifyText(report: VerifyReport, color: boolean): string {
  const c = new Chalk({ level: color ? 1 : 0 });
  const out: string[] = [c.underline(report.file)];
  for (const v of report.verdicts) {
    const mark = v.status === 'fails' ? c.red('✗') : v.status === 'holds' ? c.green('✓') : v.status === 'bounded' ? c.yellow('?') : c.dim('-');
    out.push(`  ${mark} ${c.bold(v.process)} (${v.pattern}): ${headline(v, report)}`);
    const ce = v.counterexample;
    if (!ce) continue;
    const at = report.locate(ce.ref);
    out.push(`    ${c.dim(`fix at ${report.file}${at ? `:${at.line}:${at.column}` : ''} — ${PROPERTIES[ce.property].title}`)}`);
    ce.steps.forEach((s, i) => {
      const fault = s.fault ? ` ${c.yellow(`⚡ ${s.fault}`)}` : '';
      out.push(`    ${String(i + 1).padStart(2)}. ${c.cyan(s.actor)}: ${s.text}${fault}`);
    });
  }
  const failing = report.verdicts.filter((v) => v.status === 'fails').length;
  const bounded = report.verdicts.filter((v) => v.status === 'bounded').length;
  out.push(
    '',
    `${plural(report.verdicts.length, 'process')}: ${failing} failing, ${bounded} stopped at a bound. Faults: ${report.bounds.faults.join(', ') || 'none'}; ${bounds(report)}.`,
  );
  return `${out.join('\n')}\n`;
}

function counterexampleJson(ce: Counterexample, report: VerifyReport) {
  return {
    property: verifyRuleId(ce.property),
    severity: ce.severity,
    message: ce.message,
    file: ce.ref.file,
    ...(report.locate(ce.ref) ?? {}),
    path: ce.ref.path,
    steps: ce.steps.map((s, i) => ({ n: i + 1, actor: s.actor, text: s.text, ...(s.fault ? { fault: s.fault } : {}) })),
  };
}

/** The documented JSON form (README, "Verify JSON"); `version` changes only when the shape does. Times are left out: the same design gives the same bytes. */
export function formatVerifyJson(report: VerifyReport): string {
  return `${JSON.stringify(
    {
      version: 1,
      file: report.file,
      bounds: report.bounds,
      processes: report.verdicts.map((v) => ({
        process: v.process,
        pattern: v.pattern,
        status: v.status,
        exhaustive: v.status === 'holds',
        states: v.states,
        transitions: v.transitions,
        depth: v.depth,
        ...(v.stoppedBy ? { stoppedBy: v.stoppedBy } : {}),
        ...(v.reason ? { reason: v.reason } : {}),
        ...(v.counterexample ? { counterexample: counterexampleJson(v.counterexample, report) } : {}),
      })),
    },
    null,
    2,
  )}\n`;
}

/** An id Mermaid accepts for any service name. */
const pid = (name: string) => `p_${name.replace(/[^A-Za-z0-9_]/g, (ch) => `_${ch.charCodeAt(0).toString(16)}`)}`;

/** A counterexample as a Mermaid sequence diagram: who sends what, each step's note, faults marked. */
export function counterexampleDiagram(ce: Counterexample): string {
  const actors: string[] = [];
  const see = (a: string) => {
    if (!actors.includes(a)) actors.push(a);
  };
  for (const s of ce.steps) {
    see(s.actor);
    for (const m of s.sends ?? []) see(m.to);
  }
  const lines = ['sequenceDiagram', ...actors.map((a) => `  participant ${pid(a)} as ${label(a, 40)}`)];
  ce.steps.forEach((s, i) => {
    lines.push(`  Note over ${pid(s.actor)}: ${label(`${i + 1}. ${s.fault ? `⚡ ${s.fault}: ` : ''}${s.text}`)}`);
    for (const m of s.sends ?? []) lines.push(`  ${pid(s.actor)}->>${pid(m.to)}: ${label(m.name, 60)}`);
  });
  return lines.join('\n');
}

export function formatVerifyMarkdown(report: VerifyReport): string {
  const out = [`# verify: ${report.file}`, '', `Faults: ${report.bounds.faults.map((f) => `\`${f}\``).join(', ') || 'none'}; ${bounds(report)}.`, ''];
  for (const v of report.verdicts) {
    out.push(`## ${v.process} (${v.pattern})`, '', headline(v, report), '');
    const ce = v.counterexample;
    if (!ce) continue;
    const at = report.locate(ce.ref);
    out.push(`Fix at \`${report.file}${at ? `:${at.line}:${at.column}` : ''}\` (${PROPERTIES[ce.property].title}).`, '');
    ce.steps.forEach((s, i) => out.push(`${i + 1}. **${s.actor}**: ${s.text}${s.fault ? ` — ⚡ *${s.fault}*` : ''}`));
    out.push('', '```mermaid', counterexampleDiagram(ce), '```', '');
  }
  return `${out.join('\n')}\n`;
}

const LEVEL = { error: 'error', warning: 'warning' } as const;

/** SARIF 2.1.0 with each counterexample as a result whose codeFlow walks the run over the design's nodes. */
export function formatVerifySarif(report: VerifyReport, cwd = process.cwd()): string {
  const where = locator(cwd);
  const ids = Object.keys(PROPERTIES) as PropertyId[];
  const location = (ref: Counterexample['ref'], text?: string) => {
    const at = report.locate(ref);
    return {
      physicalLocation: {
        artifactLocation: { uri: where.uri(ref.file), uriBaseId: '%SRCROOT%' },
        ...(at ? { region: { startLine: at.line, startColumn: at.column, endLine: at.endLine, endColumn: at.endColumn } } : {}),
      },
      ...(text ? { message: { text } } : {}),
    };
  };
  const results = report.verdicts.flatMap((v) => {
    const ce = v.counterexample;
    if (!ce) return [];
    return [
      {
        ruleId: verifyRuleId(ce.property),
        ruleIndex: ids.indexOf(ce.property),
        level: LEVEL[ce.severity],
        message: { text: `${ce.message} (process '${v.process}', shortest run: ${ce.steps.length} steps)` },
        locations: [location(ce.ref)],
        partialFingerprints: { 'edaAdvisor/v1': `${verifyRuleId(ce.property)}:${v.process}:${ce.ref.path.join('/')}` },
        codeFlows: [
          {
            message: { text: `A run of '${v.process}' that breaks it` },
            threadFlows: [
              {
                locations: ce.steps.map((s, i) => ({
                  executionOrder: i + 1,
                  location: location(s.ref ?? ce.ref, `${i + 1}. ${s.actor}: ${s.text}${s.fault ? ` [fault: ${s.fault}]` : ''}`),
                  ...(s.fault ? { kinds: ['exception'] } : {}),
                })),
              },
            ],
          },
        ],
      },
    ];
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'eda-advisor verify',
            version: VERSION,
            semanticVersion: VERSION,
            informationUri: 'https://github.com/eda-advisor/eda-advisor',
            rules: ids.map((id) => ({
              id: verifyRuleId(id),
              shortDescription: { text: PROPERTIES[id].title },
              defaultConfiguration: { level: LEVEL[PROPERTIES[id].severity] },
              properties: { tags: ['verify'] },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: where.base } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
