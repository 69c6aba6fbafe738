import { PATTERN_NAMES } from '../../guidance/advisor.js';
import { traceVerdict } from '../data.js';
import { locate } from '../../parse/locate.js';
import { PROPERTIES } from '../../verify/terms.js';
import { frameOf } from '../state.js';
import { COMMON_HINT, matches, textLines, type Line, type Pane, type Row } from './pane.js';

/** The process explorer: every process, its failure points, and a trace stepped through to its verdict. */
export const processes: Pane = {
  name: 'Processes',
  content({ data, frame, filter, width }) {
    const screen = frame.screen;
    const text = (t: string, extra: Omit<Line, 'text'> = {}) => textLines(t, width, extra);
    if (screen.kind === 'process') {
      const p = data.processes[screen.process];
      if (!p) return { lines: [], rows: [] };
      const lines: Line[] = [
        ...text(`${p.name} — ${PATTERN_NAMES[p.pattern]} (${p.at})`, { bold: true }),
        ...p.outline.slice(0, 8).flatMap((o) => text(`  ${o}`, { color: 'gray' })),
      ];
      if (p.outline.length > 8) lines.push({ text: `  … and ${p.outline.length - 8} more`, color: 'gray' });
      lines.push({
        text: p.simulation.traces.length === 0 ? 'No failure points: nothing can fail for good.' : 'Failure points (Enter steps through the trace):',
        bold: true,
      });
      const rows = p.simulation.traces
        .map((t, i): Row => {
          const ok = traceVerdict(t) === 'consistent';
          return {
            text: `${ok ? '✓' : '✗'} ${t.point.label} → ${t.outcome ?? 'no outcome'}`,
            color: ok ? 'green' : 'red',
            open: { kind: 'trace', process: screen.process, trace: i },
          };
        })
        .filter((r) => matches(r.text, filter));
      // verify's verdict: the shortest run that breaks a property, stepped through like a trace.
      const v = p.verdict();
      const ce = v.counterexample;
      const verify: Row = ce
        ? {
            text: `✗ verify/${ce.property}: a failing run of ${ce.steps.length} steps`,
            color: 'red',
            open: { kind: 'run', process: screen.process },
          }
        : {
            text: `${v.status === 'holds' ? '✓' : '?'} verify: ${v.status === 'holds' ? `no failing run (${v.states} states, exhaustive)` : v.status === 'skipped' ? `not explored (${v.reason})` : `none found before a bound (${v.states} states)`}`,
            color: v.status === 'holds' ? 'green' : 'gray',
          };
      return { lines, rows: matches(verify.text, filter) ? [...rows, verify] : rows };
    }
    if (screen.kind === 'run') {
      const ce = data.processes[screen.process]?.verdict().counterexample;
      if (!ce) return { lines: [], rows: [] };
      const lines: Line[] = [...text(`verify/${ce.property}: ${ce.message}`, { bold: true })];
      ce.steps
        .slice(0, frame.shown)
        .forEach((s, i) =>
          lines.push(...text(`${String(i + 1).padStart(2)}. ${s.actor}: ${s.text}${s.fault ? ` ⚡ ${s.fault}` : ''}`, s.fault ? { color: 'yellow' } : {})),
        );
      if (frame.shown > ce.steps.length) {
        const at = locate(data.parsed, ce.ref);
        lines.push({ text: '' });
        lines.push(...text(`Breaks: ${PROPERTIES[ce.property].title}; fix at ${data.file}:${at.line}:${at.column}`, { bold: true, color: 'red' }));
        lines.push(...text(PROPERTIES[ce.property].fix));
      } else lines.push({ text: `(${frame.shown} of ${ce.steps.length} steps; Enter for the next)`, color: 'gray' });
      return { lines, rows: [] };
    }
    if (screen.kind === 'trace') {
      const t = data.processes[screen.process]?.simulation.traces[screen.trace];
      if (!t) return { lines: [], rows: [] };
      const lines: Line[] = [...text(`Failure: ${t.point.label}`, { bold: true })];
      t.steps
        .slice(0, frame.shown)
        .forEach((s, i) =>
          lines.push(
            ...text(
              `${String(i + 1).padStart(2)}. ${s.kind.padEnd(10)} ${s.text}`,
              s.kind === 'fail' ? { color: 'red' } : s.kind === 'compensate' ? { color: 'yellow' } : {},
            ),
          ),
        );
      if (frame.shown > t.steps.length) {
        const ok = traceVerdict(t) === 'consistent';
        lines.push({ text: '' });
        lines.push(...text(`Ran: ${t.ran.map((r) => r.command).join(', ') || 'nothing'}`));
        lines.push(...text(`Compensations: ${t.compensations.map((x) => `${x.run} (undoes ${x.undoes})`).join(', ') || 'none'}`));
        if (t.nothingToUndo.length > 0) lines.push(...text(`Nothing to undo: ${t.nothingToUndo.map((r) => r.command).join(', ')} (compensation: none)`));
        lines.push(...text(`Outcome: ${t.outcome ?? 'none'}`));
        lines.push(...text(`Verdict: ${traceVerdict(t)}`, { bold: true, color: ok ? 'green' : 'red' }));
      } else lines.push({ text: `(${frame.shown} of ${t.steps.length} steps; Enter for the next)`, color: 'gray' });
      return { lines, rows: [] };
    }
    if (data.processes.length === 0)
      return { lines: text('The design declares no processes: add a saga, a process manager or a choreography under processes.'), rows: [] };
    const rows = data.processes
      .map((p, i): Row => {
        const bad = p.simulation.traces.filter((t) => traceVerdict(t) !== 'consistent').length;
        return {
          text: `${p.name} — ${PATTERN_NAMES[p.pattern]}, ${p.simulation.traces.length} failure points, ${bad === 0 ? 'all consistent' : `${bad} inconsistent`}`,
          color: bad === 0 ? 'green' : 'red',
          open: { kind: 'process', process: i },
          index: i,
        };
      })
      .filter((r) => matches(r.text, filter));
    return { lines: [{ text: 'Processes (Enter explores one; the one selected is the one Advisor and Guidance show)', bold: true }], rows };
  },
  breadcrumb({ data, frame }) {
    const screen = frame.screen;
    if (screen.kind === 'process') return `Processes › ${data.processes[screen.process]?.name ?? ''}`;
    if (screen.kind === 'trace') {
      const p = data.processes[screen.process];
      return `Processes › ${p?.name ?? ''} › ${p?.simulation.traces[screen.trace]?.point.label ?? ''}`;
    }
    if (screen.kind === 'run') return `Processes › ${data.processes[screen.process]?.name ?? ''} › verify`;
    return `Processes › ${data.file}`;
  },
  hint({ frame }, list) {
    if (frame.screen.kind === 'trace' || frame.screen.kind === 'run') return `Enter/→ next step · ← previous · Esc back · ${COMMON_HINT}`;
    return list ? `↑↓ move · Enter open · / filter · Esc back · Tab next pane · ${COMMON_HINT}` : `↑↓ scroll · Esc back · Tab next pane · ${COMMON_HINT}`;
  },
  keys(state, input, key) {
    const kind = frameOf(state).screen.kind;
    if (kind !== 'trace' && kind !== 'run') return undefined;
    if (key.return || key.rightArrow || input === ' ') return { type: 'trace-step', delta: 1 };
    if (key.leftArrow) return { type: 'trace-step', delta: -1 };
    return undefined;
  },
};
