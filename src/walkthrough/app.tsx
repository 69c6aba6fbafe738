import { Box, Text, useApp, useStdout } from 'ink';
import { Interrupted } from '../errors.js';
import { useEffect, useReducer, useRef } from 'react';
import type { Finding } from '../findings.js';
import type { Guidance } from '../guidance/types.js';
import { Footer } from './components/footer.js';
import { ListView } from './components/list-view.js';
import { Tabs } from './components/tabs.js';
import { TextView } from './components/text-view.js';
import type { ProcessView, WalkthroughData } from './data.js';
import { useKeys } from './keys.js';
import { PANES, PANE_NAMES } from './panes/index.js';
import { contentOf, contextOf, reduce } from './reduce.js';
import { frameOf, initialState, layoutOf, type Effect, type State } from './state.js';
import { fit } from '../util/columns.js';

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

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export const HELP = [
  'Keys',
  '  ↑ ↓ or j k      move; scroll long text (PgUp PgDn a page)',
  '  Enter           open; step a trace forward (→ too, ← back)',
  '  Esc, Backspace  back',
  '  Tab, Shift-Tab  next, previous pane',
  '  /               filter the list (Enter keeps it, Esc clears it)',
  '  s               in a finding: suppress it with a reason, written into the design',
  '  l               in Guidance: ask Claude (needs ANTHROPIC_API_KEY); Esc cancels',
  "  ← → space       in Advisor: change an answer; r resets to the design's answers",
  '  ?               this help',
  '  q               quit',
];

/**
 * The one stateful component: it keeps the state in a reducer, hands every key to it, runs the
 * effects the reducer queues (write a suppression, ask Claude, quit) and reports their outcome back
 * as actions. Everything it draws comes from the state, through the pane shown and presentational
 * components that take props only.
 */
export function App({ initial, reload, suppress, askLlm, color, size }: AppProps) {
  const { exit } = useApp();
  const { stdout } = useStdout();
  const [state, dispatch] = useReducer(reduce, undefined, () =>
    initialState(initial, {
      panes: PANES.length,
      size: size ?? { columns: stdout.columns || 80, rows: stdout.rows || 24 },
      llmAvailable: askLlm !== undefined,
    }),
  );
  const controller = useRef<AbortController | undefined>(undefined);
  const ran = useRef(0);

  useEffect(() => {
    if (size) return;
    const onResize = () => dispatch({ type: 'resize', columns: stdout.columns || 80, rows: stdout.rows || 24 });
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout, size]);

  const running = state.llm?.state === 'running';
  useEffect(() => {
    if (!running) return;
    const t = setInterval(() => dispatch({ type: 'tick' }), 80);
    return () => clearInterval(t);
  }, [running]);

  // Each queued effect runs once, in order; its outcome comes back as an action.
  useEffect(() => {
    const todo = state.effects.filter((e) => e.id > ran.current);
    if (todo.length === 0) return;
    for (const effect of todo) {
      ran.current = effect.id;
      run(effect, state);
    }
    dispatch({ type: 'ran', upTo: ran.current });
  });

  function run(effect: Effect, at: State): void {
    switch (effect.kind) {
      case 'suppress':
        try {
          suppress(effect.finding, effect.reason);
          dispatch({ type: 'suppressed', data: reload(), finding: effect.finding });
        } catch (err) {
          dispatch({ type: 'suppress-failed', message: err instanceof Error ? err.message : String(err) });
        }
        return;
      case 'ask': {
        const view = at.data.processes.find((p) => p.name === effect.process);
        if (!askLlm || !view) return;
        const ac = new AbortController();
        controller.current = ac;
        askLlm(view, ac.signal).then(
          (answer) => dispatch({ type: 'llm-answered', process: effect.process, guidance: answer.guidance, model: answer.model }),
          (err: unknown) => dispatch({ type: 'llm-failed', cancelled: ac.signal.aborted, message: err instanceof Error ? err.message : String(err) }),
        );
        return;
      }
      case 'cancel':
        controller.current?.abort();
        return;
      case 'quit':
        controller.current?.abort();
        exit();
        return;
    }
  }

  useKeys((k) => {
    if (k.key.ctrl && k.input === 'c') {
      controller.current?.abort();
      exit(new Interrupted());
      return;
    }
    dispatch({ type: 'key', input: k.input, key: k.key });
  });

  return <Screen state={state} color={color} />;
}

/** The screen of a state: tabs, breadcrumb, the body of the shown screen (or the help), the footer. */
export function Screen({ state, color }: { readonly state: State; readonly color: boolean }) {
  const { width, text, body } = layoutOf(state);
  const pane = PANES[state.pane] ?? PANES[0];
  const ctx = contextOf(state);
  const content = contentOf(state);
  const frame = frameOf(state);
  const list = content.rows.length > 0;
  const filterLine = state.filter.typing || state.filter.text ? 1 : 0;

  let view: React.ReactNode;
  if (state.help) view = <TextView lines={HELP.map((l, i) => ({ text: l, bold: i === 0 }))} offset={0} height={body} width={text} color={color} />;
  else if (list)
    view = (
      <ListView lines={content.lines} rows={content.rows} cursor={frame.cursor} height={body - content.lines.length - filterLine} width={text} color={color} />
    );
  else view = <TextView lines={content.lines} offset={frame.cursor} height={body} width={text} color={color} />;

  const footer = state.reason
    ? state.status
      ? `${state.status} — ${state.reason.text}▏ (Enter writes it, Esc cancels)`
      : `Reason for suppressing ${state.reason.finding.ruleId}: ${state.reason.text}▏ (Enter writes it, Esc cancels)`
    : state.filter.typing
      ? `/${state.filter.text}▏ (Enter keeps the filter, Esc clears it)`
      : state.llm?.state === 'running'
        ? `${SPINNER[state.spinner % SPINNER.length]} Asking Claude for guidance on ${state.llm.process}… (Esc cancels)`
        : state.status || pane?.hint(ctx, list) || '';
  const crumb = (pane?.breadcrumb(ctx) ?? '') + (state.filter.text && !state.filter.typing ? `  [filter: ${state.filter.text}]` : '');

  return (
    <Box flexDirection="column" width={width}>
      <Tabs title={state.data.design.name} names={PANE_NAMES} active={state.pane} width={width} color={color} />
      <Text {...(color ? { color: 'gray' } : {})}>{fit(crumb, text)}</Text>
      <Box flexDirection="column" height={body}>
        {view}
      </Box>
      <Footer text={footer} status={state.status !== ''} width={text} color={color} />
    </Box>
  );
}
