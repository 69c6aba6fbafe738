import { Box, Text, useApp, useInput, useStdout } from 'ink';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Finding } from '../findings.js';
import { PATTERN_NAMES, type Recommendation } from '../guidance/advisor.js';
import { AREAS, type ItemStatus } from '../guidance/checklist.js';
import type { Guidance } from '../guidance/types.js';
import { excerpt, guidanceLines, reconsider, traceVerdict, whyAndFix, type ProcessView, type WalkthroughData } from './data.js';
import { fit, windowOf, wrap } from './text.js';

export const PANES = ['Overview', 'Checklist', 'Processes', 'Advisor', 'Guidance'] as const;
export type PaneName = (typeof PANES)[number];

export interface AppProps {
  readonly initial: WalkthroughData;
  /** Reviews the design again (after a decision was written). */
  readonly reload: () => WalkthroughData;
  /** Writes a suppression comment into the design; throws with a message the status line shows. */
  readonly suppress: (finding: Finding, reason: string) => void;
  /** Asks Claude for the guidance of a process; undefined when no key is set. */
  readonly askLlm?: (view: ProcessView, signal: AbortSignal) => Promise<{ guidance: Guidance; model: string }>;
  readonly color: boolean;
  /** The terminal size when stdout does not say (tests). */
  readonly size?: { readonly columns: number; readonly rows: number };
}

type Screen =
  | { readonly kind: 'root' }
  | { readonly kind: 'item'; readonly item: ItemStatus }
  | { readonly kind: 'finding'; readonly finding: Finding }
  | { readonly kind: 'process'; readonly process: number }
  | { readonly kind: 'trace'; readonly process: number; readonly trace: number };

interface Frame {
  readonly screen: Screen;
  cursor: number;
  /** Trace screens: how many steps are shown. */
  shown: number;
}

interface AdvisorAnswers {
  decisionPoints: number;
  needsState: boolean;
  services: number;
  ownedOutcome: boolean;
}

type Llm = { readonly process: string; readonly state: 'running' } | { readonly process: string; readonly state: 'done'; readonly guidance: Guidance; readonly model: string };

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const SEVERITY_MARK: Record<string, string> = { error: 'E', warning: 'W', info: 'i' };

export const HELP = [
  'Keys',
  '  ↑ ↓ or j k      move; scroll long text',
  '  Enter           open; step a trace forward (→ too, ← back)',
  '  Esc, Backspace  back',
  '  Tab, Shift-Tab  next, previous pane',
  '  /               filter the list (Enter keeps it, Esc clears it)',
  '  s               in a finding: suppress it with a reason, written into the design',
  '  l               in Guidance: ask Claude (needs ANTHROPIC_API_KEY); Esc cancels',
  '  ← → space       in Advisor: change an answer; r resets to the design\'s answers',
  '  ?               this help',
  '  q               quit',
];

export function App({ initial, reload, suppress, askLlm, color, size }: AppProps) {
  const { exit } = useApp();
  const { stdout } = useStdout();
  const [dims, setDims] = useState(() => size ?? { columns: stdout.columns || 80, rows: stdout.rows || 24 });
  useEffect(() => {
    if (size) return;
    const onResize = () => setDims({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout, size]);
  const width = Math.max(40, dims.columns);
  const bodyHeight = Math.max(6, dims.rows - 4);
  const c = (name: string) => (color ? name : undefined);

  const [data, setData] = useState(initial);
  const [pane, setPane] = useState(0);
  const [stacks, setStacks] = useState<Frame[][]>(() => PANES.map(() => [{ screen: { kind: 'root' }, cursor: 0, shown: 1 }]));
  const [processIndex, setProcessIndex] = useState(0);
  const [filter, setFilter] = useState<{ typing: boolean; text: string }>({ typing: false, text: '' });
  const [help, setHelp] = useState(false);
  const [reason, setReason] = useState<{ finding: Finding; text: string } | undefined>();
  const [status, setStatus] = useState('');
  const [advisor, setAdvisor] = useState<Record<string, AdvisorAnswers & { cursor: number }>>({});
  const [llm, setLlm] = useState<Llm | undefined>();
  const [frameNo, setFrameNo] = useState(0);
  const controller = useRef<AbortController | undefined>(undefined);

  useEffect(() => {
    if (llm?.state !== 'running') return;
    const t = setInterval(() => setFrameNo((n) => n + 1), 80);
    return () => clearInterval(t);
  }, [llm?.state]);

  const stack = stacks[pane] as Frame[];
  const frame = stack[stack.length - 1] as Frame;
  const paneName = PANES[pane] as PaneName;
  const view = data.processes[Math.min(processIndex, data.processes.length - 1)];

  const setFrame = (update: Partial<Frame>) =>
    setStacks((all) => all.map((s, i) => (i === pane ? [...s.slice(0, -1), { ...(s[s.length - 1] as Frame), ...update }] : s)));
  const push = (screen: Screen) => {
    setFilter({ typing: false, text: '' });
    setStacks((all) => all.map((s, i) => (i === pane ? [...s, { screen, cursor: 0, shown: 1 }] : s)));
  };
  const pop = () => {
    setFilter({ typing: false, text: '' });
    if (stack.length > 1) setStacks((all) => all.map((s, i) => (i === pane ? s.slice(0, -1) : s)));
  };

  const answersFor = (v: ProcessView): AdvisorAnswers & { cursor: number } =>
    advisor[v.name] ?? { decisionPoints: v.answers.decisionPoints, needsState: v.answers.needsState, services: v.answers.services.length, ownedOutcome: v.answers.ownedOutcome, cursor: 0 };

  // What the current screen shows: selectable rows, or lines of text to scroll.
  const content = useMemo(
    () => screenContent(data, paneName, frame, view, filter.text, width - 2, advisor, llm),
    // Not the cursor: scrolling must not write the guidance again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [data, paneName, frame.screen, frame.shown, view, filter.text, width, advisor, llm],
  );

  useInput((input, key) => {
    if (reason) {
      if (key.escape) {
        setReason(undefined);
        setStatus('Not suppressed.');
      } else if (key.return) {
        try {
          suppress(reason.finding, reason.text);
          const next = reload();
          setData(next);
          setStatus(`Suppressed ${reason.finding.ruleId} at line ${reason.finding.line}: the comment is in ${reason.finding.file}.`);
          setReason(undefined);
          pop();
        } catch (err) {
          setStatus(err instanceof Error ? err.message : String(err));
        }
      } else if (key.backspace || key.delete) setReason({ ...reason, text: reason.text.slice(0, -1) });
      else if (input && !key.ctrl && !key.meta) {
        setStatus('');
        setReason({ ...reason, text: reason.text + input });
      }
      return;
    }
    if (filter.typing) {
      if (key.escape) setFilter({ typing: false, text: '' });
      else if (key.return) setFilter({ ...filter, typing: false });
      else if (key.backspace || key.delete) setFilter({ ...filter, text: filter.text.slice(0, -1) });
      else if (input && !key.ctrl && !key.meta) {
        setFilter({ ...filter, text: filter.text + input });
        setFrame({ cursor: 0 });
      }
      return;
    }
    if (help) {
      if (input === '?' || key.escape || input === 'q' || key.return) setHelp(false);
      return;
    }
    if (llm?.state === 'running' && key.escape) {
      controller.current?.abort();
      return;
    }
    if (input === 'q') {
      controller.current?.abort();
      exit();
      return;
    }
    if (input === '?') {
      setHelp(true);
      return;
    }
    if (key.tab) {
      setFilter({ typing: false, text: '' });
      setPane((p) => (p + (key.shift ? PANES.length - 1 : 1)) % PANES.length);
      setStatus('');
      return;
    }
    if (paneName === 'Advisor' && view && frame.screen.kind === 'root') {
      const up = key.upArrow || input === 'k';
      const down = key.downArrow || input === 'j';
      const a = answersFor(view);
      if (up || down) {
        setAdvisor({ ...advisor, [view.name]: { ...a, cursor: Math.min(3, Math.max(0, a.cursor + (down ? 1 : -1))) } });
        return;
      }
      if (input === 'r') {
        const { [view.name]: _drop, ...rest } = advisor;
        void _drop;
        setAdvisor(rest);
        return;
      }
      if (key.leftArrow || key.rightArrow || input === ' ' || input === '+' || input === '-') {
        const delta = key.leftArrow || input === '-' ? -1 : 1;
        const next = { ...a };
        if (a.cursor === 0) next.decisionPoints = Math.max(0, a.decisionPoints + delta);
        else if (a.cursor === 1) next.needsState = !a.needsState;
        else if (a.cursor === 2) next.services = Math.max(1, a.services + delta);
        else next.ownedOutcome = !a.ownedOutcome;
        setAdvisor({ ...advisor, [view.name]: next });
      }
      return;
    }
    const rows = content.rows.length;
    const lines = content.lines.length;
    const up = key.upArrow || input === 'k';
    const down = key.downArrow || input === 'j';
    if (rows > 0 && (up || down)) {
      const cursor = Math.min(Math.max(0, frame.cursor + (down ? 1 : -1)), rows - 1);
      setFrame({ cursor });
      if (paneName === 'Processes' && frame.screen.kind === 'root') setProcessIndex(content.rows[cursor]?.index ?? 0);
      return;
    }
    if (rows === 0 && (up || down || key.pageDown || key.pageUp)) {
      const step = key.pageDown || key.pageUp ? bodyHeight - 1 : 1;
      const max = Math.max(0, lines - (bodyHeight - 1));
      setFrame({ cursor: Math.min(Math.max(0, frame.cursor + (down || key.pageDown ? step : -step)), max) });
      return;
    }
    if (key.escape || key.backspace || key.delete) {
      if (filter.text) setFilter({ typing: false, text: '' });
      else pop();
      return;
    }
    if (input === '/' && rows > 0) {
      setFilter({ typing: true, text: '' });
      return;
    }
    const screen = frame.screen;
    if (screen.kind === 'trace') {
      const trace = data.processes[screen.process]?.simulation.traces[screen.trace];
      const total = trace?.steps.length ?? 0;
      if (key.return || key.rightArrow || input === ' ') setFrame({ shown: Math.min(total + 1, frame.shown + 1) });
      else if (key.leftArrow) setFrame({ shown: Math.max(1, frame.shown - 1) });
      return;
    }
    if (paneName === 'Guidance' && view && input === 'l') {
      if (!askLlm) {
        setStatus('l asks Claude, and needs ANTHROPIC_API_KEY in the environment; the guidance shown is written offline.');
        return;
      }
      const ac = new AbortController();
      controller.current = ac;
      setLlm({ process: view.name, state: 'running' });
      setStatus('');
      askLlm(view, ac.signal).then(
        (answer) => {
          setLlm({ process: view.name, state: 'done', guidance: answer.guidance, model: answer.model });
          setFrame({ cursor: 0 });
          setStatus(`Guidance by ${answer.model}.`);
        },
        (err: unknown) => {
          setLlm(undefined);
          setStatus(ac.signal.aborted ? 'Cancelled; the guidance shown is written offline.' : `The LLM pass gave no guidance (${err instanceof Error ? err.message : String(err)}); the guidance shown is written offline.`);
        },
      );
      return;
    }
    if (screen.kind === 'finding' && input === 's') {
      setReason({ finding: screen.finding, text: '' });
      setStatus('');
      return;
    }
    if (key.return && rows > 0) {
      const row = content.rows[frame.cursor];
      if (row?.open) push(row.open);
    }
  });

  const tabs = PANES.map((name, i) => (
    <Text key={name} {...(i === pane ? { inverse: true, bold: true } : { color: c('gray') })}>
      {` ${name} `}
    </Text>
  ));

  let body: React.ReactNode;
  if (help) {
    body = HELP.map((l, i) => (
      <Text key={i} bold={i === 0}>
        {fit(l, width - 2)}
      </Text>
    ));
  } else if (content.rows.length > 0) {
    const listHeight = bodyHeight - content.lines.length - (filter.typing || filter.text ? 1 : 0);
    const { start, end } = windowOf(content.rows.length, frame.cursor, Math.max(3, listHeight));
    body = [
      ...content.lines.map((l, i) => (
        <Text key={`h${i}`} bold={l.bold ?? false} {...(l.color && c(l.color) ? { color: c(l.color) as string } : {})}>
          {fit(l.text, width - 2) || '\u00a0'}
        </Text>
      )),
      ...content.rows.slice(start, end).map((r, i) => {
        const selected = start + i === frame.cursor;
        return (
          <Text key={`r${start + i}`} inverse={selected} {...(!selected && r.color && c(r.color) ? { color: c(r.color) as string } : {})}>
            {fit(`${selected ? '›' : ' '} ${r.text}`, width - 2)}
          </Text>
        );
      }),
    ];
  } else {
    const lines = content.lines.slice(frame.cursor, frame.cursor + bodyHeight);
    body = lines.map((l, i) => (
      <Text key={`t${frame.cursor + i}`} bold={l.bold ?? false} {...(l.color && c(l.color) ? { color: c(l.color) as string } : {})} {...(l.inverse ? { inverse: true } : {})}>
        {fit(l.text, width - 2) || '\u00a0'}
      </Text>
    ));
  }

  const footer = reason && status
    ? `${status} — ${reason.text}▏ (Enter writes it, Esc cancels)`
    : reason
    ? `Reason for suppressing ${reason.finding.ruleId}: ${reason.text}▏ (Enter writes it, Esc cancels)`
    : filter.typing
      ? `/${filter.text}▏ (Enter keeps the filter, Esc clears it)`
      : llm?.state === 'running'
        ? `${SPINNER[frameNo % SPINNER.length]} Asking Claude for guidance on ${llm.process}… (Esc cancels)`
        : status || hintFor(paneName, frame.screen, content.rows.length > 0, !!askLlm);

  return (
    <Box flexDirection="column" width={width}>
      <Box>
        <Text bold color={c('cyan')}>
          {fit(`${data.design.name} `, Math.max(8, width - 2 - PANES.reduce((n, p) => n + p.length + 2, 0)))}
        </Text>
        {tabs}
      </Box>
      <Text color={c('gray')}>{fit(breadcrumb(paneName, frame.screen, data, view) + (filter.text && !filter.typing ? `  [filter: ${filter.text}]` : ''), width - 2)}</Text>
      <Box flexDirection="column" height={bodyHeight}>
        {body}
      </Box>
      <Text {...(status ? { color: c('yellow') as string } : { color: c('gray') as string })}>{fit(footer, width - 2)}</Text>
    </Box>
  );
}

interface Line {
  readonly text: string;
  readonly bold?: boolean;
  readonly color?: string;
  readonly inverse?: boolean;
}

interface Row {
  readonly text: string;
  readonly color?: string;
  readonly open?: Screen;
  /** Processes: the index of the process. */
  readonly index?: number;
}

function breadcrumb(pane: PaneName, screen: Screen, data: WalkthroughData, view: ProcessView | undefined): string {
  switch (screen.kind) {
    case 'item':
      return `Checklist › ${screen.item.item.title}`;
    case 'finding':
      return `Checklist › ${screen.finding.ruleId} at ${screen.finding.file}:${screen.finding.line}:${screen.finding.column}`;
    case 'process':
      return `Processes › ${data.processes[screen.process]?.name ?? ''}`;
    case 'trace': {
      const p = data.processes[screen.process];
      return `Processes › ${p?.name ?? ''} › ${p?.simulation.traces[screen.trace]?.point.label ?? ''}`;
    }
    default:
      if (pane === 'Advisor' || pane === 'Guidance') return view ? `${pane} › process ${view.name} (${PATTERN_NAMES[view.pattern]}; choose another in Processes)` : `${pane} › the design has no processes`;
      return `${pane} › ${data.file}`;
  }
}

function hintFor(pane: PaneName, screen: Screen, list: boolean, llm: boolean): string {
  if (screen.kind === 'finding') return 's suppress with a reason · ↑↓ scroll · Esc back · ? help · q quit';
  if (screen.kind === 'trace') return 'Enter/→ next step · ← previous · Esc back · ? help · q quit';
  if (pane === 'Advisor') return '↑↓ question · ←→ change · r reset · Tab next pane · ? help · q quit';
  if (pane === 'Guidance') return `${llm ? 'l ask Claude · ' : ''}↑↓ scroll · Tab next pane · ? help · q quit`;
  return list ? '↑↓ move · Enter open · / filter · Esc back · Tab next pane · ? help · q quit' : '↑↓ scroll · Tab next pane · ? help · q quit';
}

function matches(text: string, filter: string): boolean {
  return filter === '' || text.toLowerCase().includes(filter.toLowerCase());
}

function findingRow(f: Finding): Row {
  return { text: `${SEVERITY_MARK[f.severity] ?? '?'} ${f.line}:${f.column}  ${f.ruleId}  ${f.message}`, color: f.severity === 'error' ? 'red' : f.severity === 'warning' ? 'yellow' : 'blue', open: { kind: 'finding', finding: f } };
}

/** What a screen shows: header lines and selectable rows, or lines of text to scroll. */
export function screenContent(
  data: WalkthroughData,
  pane: PaneName,
  frame: Frame,
  view: ProcessView | undefined,
  filter: string,
  width: number,
  advisor: Record<string, AdvisorAnswers & { cursor: number }>,
  llm: Llm | undefined,
): { lines: Line[]; rows: Row[] } {
  const screen = frame.screen;
  const text = (t: string, extra: Omit<Line, 'text'> = {}): Line[] => wrap(t, width).map((l) => ({ text: l, ...extra }));
  switch (screen.kind) {
    case 'item': {
      const live = data.checklist.find((s) => s.item.id === screen.item.item.id) ?? screen.item;
      const head = [...text(`${live.done ? '✓' : '✗'} ${live.item.title} (${live.item.group})`, { bold: true }), ...text(`Rules: ${live.item.rules.join(', ')}`, { color: 'gray' })];
      if (live.findings.length === 0) return { lines: [...head, { text: '' }, { text: 'No findings: this item holds for the design.', color: 'green' }], rows: [] };
      return { lines: head, rows: live.findings.map(findingRow).filter((r) => matches(r.text, filter)) };
    }
    case 'finding': {
      const f = screen.finding;
      const meta = whyAndFix(f.ruleId);
      const lines: Line[] = [
        ...text(`${f.severity.toUpperCase()}  ${meta.title} (${f.ruleId})`, { bold: true, color: f.severity === 'error' ? 'red' : f.severity === 'warning' ? 'yellow' : 'blue' }),
        { text: `${f.file}:${f.line}:${f.column}`, color: 'gray' },
        ...text(f.message),
        { text: '' },
      ];
      if (f.file === data.file) {
        for (const l of excerpt(data.parsed, f.line)) lines.push({ text: `${l.marked ? '>' : ' '} ${String(l.number).padStart(4)} │ ${l.text}`, ...(l.marked ? { bold: true, color: 'cyan' } : { color: 'gray' }) });
        lines.push({ text: '' });
      }
      lines.push({ text: 'Why it matters', bold: true }, ...text(meta.why), { text: '' }, { text: 'How to fix it', bold: true }, ...text(f.hint ?? meta.fix));
      if (f.hint && meta.fix && f.hint !== meta.fix) lines.push(...text(meta.fix, { color: 'gray' }));
      return { lines, rows: [] };
    }
    case 'process': {
      const p = data.processes[screen.process];
      if (!p) return { lines: [], rows: [] };
      const lines: Line[] = [...text(`${p.name} — ${PATTERN_NAMES[p.pattern]} (${p.at})`, { bold: true }), ...p.outline.slice(0, 8).flatMap((o) => text(`  ${o}`, { color: 'gray' }))];
      if (p.outline.length > 8) lines.push({ text: `  … and ${p.outline.length - 8} more`, color: 'gray' });
      lines.push({ text: p.simulation.traces.length === 0 ? 'No failure points: nothing can fail for good.' : 'Failure points (Enter steps through the trace):', bold: true });
      const rows = p.simulation.traces
        .map((t, i): Row => ({ text: `${traceVerdict(t) === 'consistent' ? '✓' : '✗'} ${t.point.label} → ${t.outcome ?? 'no outcome'}`, color: traceVerdict(t) === 'consistent' ? 'green' : 'red', open: { kind: 'trace', process: screen.process, trace: i } }))
        .filter((r) => matches(r.text, filter));
      return { lines, rows };
    }
    case 'trace': {
      const p = data.processes[screen.process];
      const t = p?.simulation.traces[screen.trace];
      if (!p || !t) return { lines: [], rows: [] };
      const lines: Line[] = [...text(`Failure: ${t.point.label}`, { bold: true })];
      t.steps.slice(0, frame.shown).forEach((s, i) => lines.push(...text(`${String(i + 1).padStart(2)}. ${s.kind.padEnd(10)} ${s.text}`, s.kind === 'fail' ? { color: 'red' } : s.kind === 'compensate' ? { color: 'yellow' } : {})));
      if (frame.shown > t.steps.length) {
        lines.push({ text: '' });
        lines.push(...text(`Ran: ${t.ran.map((r) => r.command).join(', ') || 'nothing'}`));
        lines.push(...text(`Compensations: ${t.compensations.map((x) => `${x.run} (undoes ${x.undoes})`).join(', ') || 'none'}`));
        if (t.nothingToUndo.length > 0) lines.push(...text(`Nothing to undo: ${t.nothingToUndo.map((r) => r.command).join(', ')} (compensation: none)`));
        lines.push(...text(`Outcome: ${t.outcome ?? 'none'}`));
        lines.push(...text(`Verdict: ${traceVerdict(t)}`, { bold: true, color: traceVerdict(t) === 'consistent' ? 'green' : 'red' }));
      } else lines.push({ text: `(${frame.shown} of ${t.steps.length} steps; Enter for the next)`, color: 'gray' });
      return { lines, rows: [] };
    }
    case 'root':
      break;
  }
  switch (pane) {
    case 'Overview':
      return { lines: overviewLines(data, width), rows: [] };
    case 'Checklist': {
      const group: Record<string, string> = { 'Transaction Boundaries': 'Transactions', 'Event Design': 'Events', 'Error Handling': 'Errors', Infrastructure: 'Infra', 'Anti-patterns': 'Anti-pattern', 'Other analyses': 'Analysis' };
      const rows = data.checklist
        .map((s): Row => ({ text: `${s.done ? '✓' : '✗'} ${(group[s.item.group] ?? '').padEnd(12)} ${s.item.title}${s.findings.length > 0 ? ` (${s.findings.length})` : ''}`, color: s.done ? 'green' : 'red', open: { kind: 'item', item: s } }))
        .filter((r) => matches(r.text, filter));
      return { lines: [{ text: 'Checklist and anti-patterns (Enter shows the findings behind an item)', bold: true }], rows };
    }
    case 'Processes': {
      if (data.processes.length === 0) return { lines: text('The design declares no processes: add a saga, a process manager or a choreography under processes.'), rows: [] };
      const rows = data.processes
        .map((p, i): Row => {
          const bad = p.simulation.traces.filter((t) => traceVerdict(t) !== 'consistent').length;
          return { text: `${p.name} — ${PATTERN_NAMES[p.pattern]}, ${p.simulation.traces.length} failure points, ${bad === 0 ? 'all consistent' : `${bad} inconsistent`}`, color: bad === 0 ? 'green' : 'red', open: { kind: 'process', process: i }, index: i };
        })
        .filter((r) => matches(r.text, filter));
      return { lines: [{ text: 'Processes (Enter explores one; the one selected is the one Advisor and Guidance show)', bold: true }], rows };
    }
    case 'Advisor':
      return { lines: view ? advisorLines(view, advisor[view.name], data, width) : text('No process to advise on.'), rows: [] };
    case 'Guidance': {
      if (!view) return { lines: text('No process to write guidance for.'), rows: [] };
      const answer = llm?.state === 'done' && llm.process === view.name ? { guidance: llm.guidance, model: llm.model } : undefined;
      return { lines: guidanceLines(view, data.design.name, answer).flatMap((l) => text(l, l.startsWith('#') ? { bold: true } : {})), rows: [] };
    }
  }
}

function overviewLines(data: WalkthroughData, width: number): Line[] {
  const out: Line[] = [];
  const add = (t: string, extra: Omit<Line, 'text'> = {}) => out.push(...wrap(t, width).map((l) => ({ text: l, ...extra })));
  const errors = data.findings.filter((f) => f.severity === 'error').length;
  const warnings = data.findings.filter((f) => f.severity === 'warning').length;
  add(`${data.design.name} — ${data.file}: ${errors} errors, ${warnings} warnings, ${data.findings.length - errors - warnings} notes`, { bold: true });
  add('Contexts and services', { bold: true });
  for (const ctx of data.contexts) add(`  ${ctx.name}: ${ctx.services.join(', ')}`);
  add('Processes', { bold: true });
  if (data.processes.length === 0) add('  (none)');
  for (const p of data.processes) add(`  ${p.name} — ${PATTERN_NAMES[p.pattern]}${p.recommendation.fitsDeclared ? '' : ` (the framework suggests a ${PATTERN_NAMES[p.recommendation.pattern]})`}`);
  add('Checklist', { bold: true });
  for (const area of AREAS) {
    const items = data.checklist.filter((s) => s.item.group === area);
    const done = items.filter((s) => s.done).length;
    const n = items.reduce((k, s) => k + s.findings.length, 0);
    add(`  ${area}: ${done}/${items.length} done, ${n} ${n === 1 ? 'finding' : 'findings'}`, { color: done === items.length ? 'green' : 'red' });
    for (const s of items) add(`    ${s.done ? '✓' : '✗'} ${s.item.title}${s.findings.length > 0 ? ` (${s.findings.length})` : ''}`, { color: s.done ? 'green' : 'red' });
  }
  return out;
}

function advisorLines(view: ProcessView, changed: (AdvisorAnswers & { cursor: number }) | undefined, data: WalkthroughData, width: number): Line[] {
  const a = changed ?? { decisionPoints: view.answers.decisionPoints, needsState: view.answers.needsState, services: view.answers.services.length, ownedOutcome: view.answers.ownedOutcome, cursor: 0 };
  const rec: Recommendation = changed ? reconsider(view, a, data.thresholds) : view.recommendation;
  const q = (i: number, question: string, value: string, designs: string): Line => ({ text: fit(`${a.cursor === i ? '›' : ' '} ${question.padEnd(44)} ${value.padEnd(6)} ${designs}`, width), ...(a.cursor === i ? { inverse: true } : {}) });
  const yes = (b: boolean) => (b ? 'yes' : 'no');
  const out: Line[] = [
    { text: `The decision framework for ${view.name} (the design's answers are the defaults)`, bold: true },
    q(0, 'How many decision points?', String(a.decisionPoints), `design: ${view.answers.decisionPoints}`),
    q(1, 'Does the process need its own state?', yes(a.needsState), `design: ${yes(view.answers.needsState)}`),
    q(2, 'How many services take part?', String(a.services), `design: ${view.answers.services.length}`),
    q(3, 'Must one party own the outcome?', yes(a.ownedOutcome), `design: ${yes(view.answers.ownedOutcome)}`),
    { text: '' },
  ];
  const name = PATTERN_NAMES[rec.pattern];
  out.push(...wrap(`Recommended: ${name}${rec.fitsDeclared ? ` — the declared ${PATTERN_NAMES[view.pattern]} fits.` : ` — the design declares a ${PATTERN_NAMES[view.pattern]}.`}`, width).map((t) => ({ text: t, bold: true, color: rec.fitsDeclared ? 'green' : 'yellow' })));
  for (const r of [...rec.reasons, ...(rec.change ? [rec.change] : [])]) out.push(...wrap(`- ${r.replace(/`/g, '')}`, width).map((t) => ({ text: t })));
  return out;
}
