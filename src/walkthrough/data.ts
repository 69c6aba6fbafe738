import type { Finding } from '../findings.js';
import { RULES_META } from '../generated/rules-meta.js';
import { answersOf, recommendPattern, type PatternAnswers, type Recommendation, type Thresholds } from '../guidance/advisor.js';
import { checklistStatus, type ItemStatus } from '../guidance/checklist.js';
import { findingsBySection, findingsOfProcess, offlineGuidance, type GuidanceInput } from '../guidance/offline.js';
import { renderMarkdown, type RenderedProcess } from '../guidance/render.js';
import type { SoundDesign } from '../app/design.js';
import type { Guidance } from '../guidance/types.js';
import { contextOf } from '../model/graph.js';
import type { Design, Pattern, Process } from '../model/types.js';
import { locate } from '../parse/locate.js';
import type { ParsedFile } from '../parse/yaml.js';
import { simulateProcess } from '../sim/simulate.js';
import { isConsistent, type ProcessSimulation, type Trace } from '../sim/trace.js';
import { DEFAULT_SEARCH, verifyProcess, type Verdict } from '../verify/explore.js';

/** A process as the explorer shows it. */
export interface ProcessView {
  readonly name: string;
  readonly pattern: Pattern;
  /** Its steps, states or reactions, one line each. */
  readonly outline: readonly string[];
  readonly simulation: ProcessSimulation;
  readonly answers: PatternAnswers;
  readonly recommendation: Recommendation;
  readonly input: GuidanceInput;
  readonly at: string;
  /** verify's verdict on the process (explored once, when first asked for: the first frame does not wait for it). */
  readonly verdict: () => Verdict;
}

/** Everything the walkthrough shows, computed once per review (again after a decision is written). */
export interface WalkthroughData {
  readonly file: string;
  readonly design: Design;
  readonly parsed: ParsedFile;
  readonly findings: readonly Finding[];
  readonly contexts: readonly { readonly name: string; readonly services: readonly string[] }[];
  readonly processes: readonly ProcessView[];
  readonly checklist: readonly ItemStatus[];
  readonly thresholds: Thresholds;
}

function outlineOf(p: Process): string[] {
  if (p.pattern === 'saga') {
    return p.steps.map(
      (s, i) =>
        `${i + 1}. ${s.name}: ${s.commands.map((c) => c.name).join(', ')}${s.declaredKind ? ` (${s.declaredKind})` : ''}${s.onSuccess ? ` → ${s.onSuccess.name}` : ''}${s.onFailure.length > 0 ? ` / ${s.onFailure.map((e) => e.name).join(', ')}` : ''}`,
    );
  }
  if (p.pattern === 'process-manager') {
    return [...p.states.values()].map((s) => {
      const out = s.on.flatMap((h) => h.alternatives.map((t) => `${h.message.name} → ${t.goto?.name ?? s.name}`));
      if (s.timeout) out.push(`after ${s.timeout.after} → ${s.timeout.goto?.name ?? s.name}`);
      return `${s.name}${s.terminal ? ` (${s.terminal})` : ''}${out.length > 0 ? `: ${out.join('; ')}` : ''}`;
    });
  }
  return p.reactions.map((r) => {
    const emits = r.emits.filter((e) => !r.onFailure.includes(e));
    const parts = [
      r.command ? ` runs ${r.command.name}` : '',
      emits.length > 0 ? `, emits ${emits.map((e) => e.name).join(' or ')}` : '',
      r.onFailure.length > 0 ? `, on failure ${r.onFailure.map((e) => e.name).join(' or ')}` : '',
    ];
    return `${r.when.name} → ${r.service.name}${parts.join('')}`;
  });
}

/** What the walkthrough shows of a sound design: simulated and advised on, as `simulate` and `guidance` would. */
export function walkthroughData(file: string, sound: SoundDesign): WalkthroughData {
  const { review, design, thresholds } = sound;
  const byContext = new Map<string, string[]>();
  for (const s of design.services.values()) {
    const ctx = contextOf(design, s) || '(no context)';
    byContext.set(ctx, [...(byContext.get(ctx) ?? []), s.name]);
  }
  const processes = [...design.processes.values()].map((p): ProcessView => {
    const simulation = simulateProcess(design, p);
    const input: GuidanceInput = { design, process: p, simulation, findings: findingsOfProcess(design, p, review.findings), thresholds, file };
    const answers = answersOf(design, p);
    const pos = locate(review.parsed, p.ref);
    let verdict: Verdict | undefined;
    return {
      verdict: () => (verdict ??= verifyProcess(design, p, DEFAULT_SEARCH)),
      name: p.name,
      pattern: p.pattern,
      outline: outlineOf(p),
      simulation,
      answers,
      recommendation: recommendPattern(answers, p.pattern, thresholds),
      input,
      at: `${file}:${pos.line}:${pos.column}`,
    };
  });
  return {
    file,
    design,
    parsed: review.parsed,
    findings: review.findings,
    contexts: [...byContext].map(([name, services]) => ({ name, services })),
    processes,
    checklist: checklistStatus(review.findings),
    thresholds,
  };
}

/** The guidance of a process as Markdown lines: offline, or Claude's when given. */
export function guidanceLines(view: ProcessView, designName: string, llm?: { guidance: Guidance; model: string }): string[] {
  const base = { process: view.name, pattern: view.pattern, at: view.at, findings: findingsBySection(view.input.findings) };
  const rendered: RenderedProcess = llm
    ? { ...base, source: 'llm', model: llm.model, guidance: llm.guidance }
    : { ...base, source: 'offline', guidance: offlineGuidance(view.input) };
  return renderMarkdown([rendered], designName).trimEnd().split('\n');
}

/** The lines of the file around a finding, the finding's own line marked: what the reader needs to decide. */
export function excerpt(parsed: ParsedFile, line: number, around = 3): { readonly number: number; readonly text: string; readonly marked: boolean }[] {
  const lines = parsed.source.text.split(/\r?\n/);
  const from = Math.max(1, line - around);
  const to = Math.min(lines.length, line + around);
  const out = [];
  for (let n = from; n <= to; n++) out.push({ number: n, text: lines[n - 1] ?? '', marked: n === line });
  return out;
}

export function whyAndFix(ruleId: string): { readonly why: string; readonly fix: string; readonly title: string } {
  const meta = RULES_META[ruleId];
  return { title: meta?.title ?? ruleId, why: meta?.why ?? '', fix: meta?.fix ?? '' };
}

/** Recommends again from answers the team changed, keeping the design's own words where they still hold. */
export function reconsider(
  view: ProcessView,
  changed: { decisionPoints: number; needsState: boolean; services: number; ownedOutcome: boolean },
  thresholds: Thresholds,
): Recommendation {
  const a = view.answers;
  const pad = (list: readonly string[], n: number, what: string) =>
    n <= list.length ? list.slice(0, n) : [...list, ...Array.from({ length: n - list.length }, (_, i) => `${what} ${list.length + i + 1}`)];
  const answers: PatternAnswers = {
    ...a,
    decisionPoints: changed.decisionPoints,
    decisions: pad(a.decisions, changed.decisionPoints, 'an assumed decision'),
    needsState: changed.needsState,
    stateReasons: changed.needsState ? (a.stateReasons.length > 0 ? a.stateReasons : ['the team says it must remember more than the step reached']) : [],
    services: pad(a.services, changed.services, 'service'),
    ownedOutcome: changed.ownedOutcome,
  };
  return recommendPattern(answers, view.pattern, thresholds);
}

export function traceVerdict(t: Trace): string {
  return isConsistent(t) ? 'consistent' : t.problems.map((p) => p.message).join(' ');
}
