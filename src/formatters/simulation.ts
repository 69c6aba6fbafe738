import { Chalk } from 'chalk';
import { visible } from '../util/visible.js';
import type { Position } from '../findings.js';
import { isConsistent, type ProcessSimulation, type Trace } from '../sim/trace.js';
import { fit, padEnd, widthOf } from '../util/columns.js';

export interface SimulationReport {
  readonly file: string;
  readonly processes: readonly ProcessSimulation[];
  /** Set with --fail-at: print these traces step by step instead of the tables. */
  readonly detailed: boolean;
  readonly locate: (trace: Trace) => Position;
}

const NONE = '—';
const MAX_CELL = 48;

/** A table per process: failure point, commands that had run, compensations in order, outcome, verdict. */
export function formatSimulationText(report: SimulationReport, color: boolean): string {
  const c = new Chalk({ level: color ? 1 : 0 });
  const lines: string[] = [c.underline(visible(report.file))];
  for (const p of report.processes) {
    const bad = p.traces.filter((t) => !isConsistent(t)).length;
    const count = `${p.traces.length} failure ${p.traces.length === 1 ? 'point' : 'points'}`;
    const state = p.traces.length === 0 ? 'nothing can fail for good' : bad === 0 ? c.green('all consistent') : c.red(`${bad} inconsistent`);
    lines.push('', `${c.bold(visible(p.process))} (${p.pattern}): ${p.traces.length === 0 ? state : `${count}, ${state}`}`);
    if (report.detailed) {
      for (const t of p.traces) lines.push(...detail(t, report.locate(t), c));
      continue;
    }
    if (p.traces.length === 0) continue;
    // Every cell holds names from the design: shown through visible() (no control characters).
    const rows = p.traces.map((t) => [t.point.label, t.ran.map((r) => r.command).join(', ') || NONE, compensationsCell(t), t.outcome ?? NONE, verdict(t)].map(visible));
    const header = ['failure point', 'ran', 'compensations', 'outcome', 'verdict'];
    const widths = header.map((h, i) => Math.min(MAX_CELL, Math.max(widthOf(h), ...rows.map((r) => widthOf(r[i] ?? '')))));
    const render = (cells: string[], paint?: (s: string, i: number) => string) =>
      `  ${cells.map((cell, i) => {
        const text = i < cells.length - 1 ? padEnd(fit(cell, widths[i] ?? 0), widths[i] ?? 0) : cell;
        return paint ? paint(text, i) : text;
      }).join('  ')}`.trimEnd();
    lines.push(render(header, (s) => c.dim(s)));
    rows.forEach((r, k) => {
      const ok = isConsistent(p.traces[k] as Trace);
      lines.push(render(r, (s, i) => (i === 4 ? (ok ? c.green(s) : c.red(s)) : s)));
    });
  }
  return `${lines.join('\n')}\n`;
}

/** The compensations run in order, then what needs no undo (1.1): `ReleaseStock → nothing to undo (NotifyGuest)`. */
function compensationsCell(t: Trace): string {
  const runs = t.compensations.map((x) => x.run);
  if (t.nothingToUndo.length > 0) runs.push(`nothing to undo (${t.nothingToUndo.map((r) => r.command).join(', ')})`);
  return runs.join(' → ') || NONE;
}

function verdict(t: Trace): string {
  return isConsistent(t) ? 'consistent' : `inconsistent: ${t.problems.map((p) => p.message).join('; ')}`;
}


function detail(t: Trace, pos: Position, c: InstanceType<typeof Chalk>): string[] {
  const out = ['', `  ${c.bold(visible(t.point.label))} (line ${pos.line}, column ${pos.column})`];
  t.steps.forEach((s, i) => {
    const shown = visible(s.text);
    const text = s.kind === 'fail' || s.kind === 'timeout' ? c.red(shown) : s.kind === 'compensate' ? c.yellow(shown) : shown;
    out.push(`  ${String(i + 1).padStart(3)}. ${text}`);
  });
  out.push(visible(`  ran: ${t.ran.map((r) => `${r.command} (${r.at})`).join(', ') || NONE}`));
  out.push(visible(`  compensations: ${t.compensations.map((x) => `${x.run} undoes ${x.undoes}${x.risk ? ` (but ${x.risk})` : ''}`).join(' → ') || NONE}`));
  if (t.nothingToUndo.length > 0) out.push(visible(`  nothing to undo: ${t.nothingToUndo.map((r) => `${r.command} (${r.at})`).join(', ')}`));
  out.push(visible(`  outcome: ${t.outcome ?? NONE}`));
  out.push(`  verdict: ${isConsistent(t) ? c.green('consistent') : c.red(visible(verdict(t)))}`);
  return out;
}

/** The documented JSON form of `simulate`: version 1, one entry per process, one trace per failure point. */
export function formatSimulationJson(reports: readonly SimulationReport[]): string {
  let traces = 0;
  let inconsistent = 0;
  const files = reports.map((r) => ({
    file: r.file,
    processes: r.processes.map((p) => ({
      name: p.process,
      pattern: p.pattern,
      traces: p.traces.map((t) => {
        traces++;
        if (!isConsistent(t)) inconsistent++;
        const pos = r.locate(t);
        return {
          failurePoint: { id: t.point.id, kind: t.point.kind, label: t.point.label, line: pos.line, column: pos.column },
          ran: t.ran,
          compensations: t.compensations,
          nothingToUndo: t.nothingToUndo,
          outcome: t.outcome ?? null,
          consistent: isConsistent(t),
          problems: t.problems.map((x) => ({ kind: x.kind, message: x.message })),
          steps: t.steps,
        };
      }),
    })),
  }));
  const processes = files.reduce((n, f) => n + f.processes.length, 0);
  return `${JSON.stringify({ version: 1, files, summary: { processes, traces, inconsistent } }, null, 2)}\n`;
}
