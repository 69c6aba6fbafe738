import { Chalk } from 'chalk';
import { visible } from '../util/visible.js';
import type { Position } from '../findings.js';
import { isConsistent, type ProcessSimulation, type Trace } from '../sim/trace.js';
import { padEnd, widthOf, wrap } from '../util/columns.js';

export interface SimulationReport {
  readonly file: string;
  readonly processes: readonly ProcessSimulation[];
  /** Set with --fail-at: print these traces step by step instead of the tables. */
  readonly detailed: boolean;
  readonly locate: (trace: Trace) => Position;
}

const NONE = '—';

/**
 * A table per process: failure point, commands that had run, compensations in order, outcome,
 * verdict. Piped or written to a file (`width` undefined), no cell is ever cut: a reader and a
 * script get every name. On a terminal of `width` columns the table fits it: long cells wrap onto
 * more lines within their column, and when even that cannot fit, each failure point is a block
 * of labelled lines instead.
 */
export function formatSimulationText(report: SimulationReport, color: boolean, width?: number): string {
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
    const rows = p.traces.map((t) =>
      [t.point.label, t.ran.map((r) => r.command).join(', ') || NONE, compensationsCell(t), t.outcome ?? NONE, verdict(t)].map(visible),
    );
    const paintVerdict = (k: number) => (s: string) => (isConsistent(p.traces[k] as Trace) ? c.green(s) : c.red(s));
    const widths = columnWidths(rows, width);
    if (!widths) {
      rows.forEach((r, k) => {
        lines.push(`  ${c.bold(r[0] ?? '')}`);
        HEADER.slice(1).forEach((h, i) => {
          const text = `${h}: ${r[i + 1] ?? ''}`;
          wrap(text, Math.max(10, (width ?? 80) - 6)).forEach((piece, n) => lines.push(`    ${n > 0 ? '  ' : ''}${i === 3 ? paintVerdict(k)(piece) : piece}`));
        });
      });
      continue;
    }
    const render = (cells: readonly string[], paint?: (s: string, i: number) => string) => {
      const wrapped = cells.map((cell, i) => (width === undefined ? [cell] : wrap(cell, widths[i] ?? 0)));
      const height = Math.max(...wrapped.map((w) => w.length));
      for (let row = 0; row < height; row++) {
        const text = wrapped.map((w, i) => {
          const piece = w[row] ?? '';
          const padded = i < cells.length - 1 ? padEnd(piece, widths[i] ?? 0) : piece;
          return paint && piece !== '' ? paint(padded, i) : padded;
        });
        lines.push(`  ${text.join('  ')}`.trimEnd());
      }
    };
    render(HEADER, (s) => c.dim(s));
    rows.forEach((r, k) => render(r, (s, i) => (i === 4 ? paintVerdict(k)(s) : s)));
  }
  return `${lines.join('\n')}\n`;
}

const HEADER = ['failure point', 'ran', 'compensations', 'outcome', 'verdict'];
/** The narrowest a wrapped column gets before the table turns into blocks. */
const MIN_COLUMN = 12;

/**
 * Each column's width: its widest cell when there is no terminal or the table fits it; else the
 * terminal's width shared out, the narrow columns whole and the wide ones wrapped; undefined when
 * the table cannot fit even so (it is then printed as blocks).
 */
function columnWidths(rows: readonly (readonly string[])[], width: number | undefined): number[] | undefined {
  const natural = HEADER.map((h, i) => Math.max(widthOf(h), ...rows.map((r) => widthOf(r[i] ?? ''))));
  if (width === undefined) return natural;
  const available = width - 2 - 2 * (HEADER.length - 1);
  if (natural.reduce((a, b) => a + b, 0) <= available) return natural;
  // Water-filling: a column whose widest cell fits its fair share gets it whole; the wide columns
  // share the rest equally, none narrower than its header.
  const floor = natural.map((n, i) => Math.min(n, Math.max(MIN_COLUMN, widthOf(HEADER[i] ?? ''))));
  if (floor.reduce((a, b) => a + b, 0) > available) return undefined;
  const out = [...floor];
  let open = natural.map((_, i) => i).filter((i) => (natural[i] ?? 0) > (floor[i] ?? 0));
  let left = available - floor.reduce((a, b) => a + b, 0) + open.reduce((a, i) => a + (floor[i] ?? 0), 0);
  for (;;) {
    const fair = Math.floor(left / Math.max(1, open.length));
    const whole = open.filter((i) => (natural[i] ?? 0) <= fair);
    if (whole.length === 0) {
      open.forEach((i, k) => (out[i] = Math.max(floor[i] ?? 0, fair + (k < left - fair * open.length ? 1 : 0))));
      break;
    }
    for (const i of whole) {
      out[i] = natural[i] ?? 0;
      left -= natural[i] ?? 0;
    }
    open = open.filter((i) => !whole.includes(i));
    if (open.length === 0) break;
  }
  return out;
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
