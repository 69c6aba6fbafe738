import { actionFor } from './keymap.js';
import type { Content, PaneContext } from './panes/pane.js';
import { PANES } from './panes/index.js';
import { answersFor, frameOf, layoutOf, viewOf, withEffect, withFrame, type Action, type State } from './state.js';

/** What the pane shown reads to draw its screen. */
export function contextOf(state: State): PaneContext {
  return {
    data: state.data,
    frame: frameOf(state),
    view: viewOf(state),
    filter: state.filter.text,
    width: layoutOf(state).text,
    advisor: state.advisor,
    llm: state.llm,
    llmAvailable: state.llmAvailable,
  };
}

let last: { readonly key: readonly unknown[]; readonly content: Content } | undefined;

/**
 * What the shown screen holds: header lines and rows, or text. Computed again only when something
 * it depends on changed (not the cursor: scrolling a long guidance does not write it again).
 */
export function contentOf(state: State): Content {
  const ctx = contextOf(state);
  const key = [state.pane, ctx.data, ctx.frame.screen, ctx.frame.shown, ctx.view, ctx.filter, ctx.width, ctx.advisor, ctx.llm, ctx.llmAvailable];
  if (last && last.key.length === key.length && last.key.every((k, i) => k === key[i])) return last.content;
  const content = PANES[state.pane]?.content(ctx) ?? { lines: [], rows: [] };
  last = { key, content };
  return content;
}

const clearFilter = (state: State): State => (state.filter.typing || state.filter.text ? { ...state, filter: { typing: false, text: '' } } : state);

function push(state: State, screen: NonNullable<Content['rows'][number]['open']>): State {
  const s = clearFilter(state);
  return { ...s, stacks: s.stacks.map((stack, i) => (i === s.pane ? [...stack, { screen, cursor: 0, shown: 1 }] : stack)) };
}

function pop(state: State): State {
  const s = clearFilter(state);
  return { ...s, stacks: s.stacks.map((stack, i) => (i === s.pane && stack.length > 1 ? stack.slice(0, -1) : stack)) };
}

/** Moves the list cursor (keeping the process Advisor and Guidance show in step), or scrolls the text. */
function move(state: State, delta: number): State {
  const content = contentOf(state);
  const frame = frameOf(state);
  if (content.rows.length > 0) {
    const cursor = Math.min(Math.max(0, frame.cursor + delta), content.rows.length - 1);
    const moved = withFrame(state, { cursor });
    const index = PANES[state.pane]?.name === 'Processes' && frame.screen.kind === 'root' ? content.rows[cursor]?.index : undefined;
    return index === undefined ? moved : { ...moved, processIndex: index };
  }
  const max = Math.max(0, content.lines.length - (layoutOf(state).body - 1));
  return withFrame(state, { cursor: Math.min(Math.max(0, frame.cursor + delta), max) });
}

/** The next state: no I/O; what must happen outside is queued in `effects`. */
export function reduce(state: State, action: Action): State {
  switch (action.type) {
    case 'key': {
      const next = actionFor(state, action.input, action.key);
      return next ? reduce(state, next) : state;
    }
    case 'none':
      return action.status === undefined ? state : { ...state, status: action.status };
    case 'resize':
      return action.columns === state.size.columns && action.rows === state.size.rows
        ? state
        : { ...state, size: { columns: action.columns, rows: action.rows } };
    case 'tick':
      return state.llm?.state === 'running' ? { ...state, spinner: state.spinner + 1 } : state;
    case 'ran':
      return { ...state, effects: state.effects.filter((e) => e.id > action.upTo) };
    case 'move':
      return move(state, action.delta);
    case 'page':
      return move(state, action.delta * (layoutOf(state).body - 1));
    case 'open': {
      const content = contentOf(state);
      const row = content.rows[frameOf(state).cursor];
      return row?.open ? push(state, row.open) : state;
    }
    case 'back':
      return state.filter.text ? clearFilter(state) : pop(state);
    case 'pane': {
      const n = PANES.length;
      return { ...clearFilter(state), pane: (state.pane + action.delta + n) % n, status: '' };
    }
    case 'help':
      return { ...state, help: action.open };
    case 'quit':
      return state.quit ? state : withEffect({ ...state, quit: true }, { kind: 'quit' });
    case 'filter-start':
      return contentOf(state).rows.length > 0 ? { ...state, filter: { typing: true, text: '' } } : state;
    case 'filter-type':
      return withFrame({ ...state, filter: { typing: true, text: state.filter.text + action.text } }, { cursor: 0 });
    case 'filter-erase':
      return { ...state, filter: { ...state.filter, text: state.filter.text.slice(0, -1) } };
    case 'filter-keep':
      return { ...state, filter: { ...state.filter, typing: false } };
    case 'filter-clear':
      return { ...state, filter: { typing: false, text: '' } };
    case 'reason-start':
      return { ...state, reason: { finding: action.finding, text: '' }, status: '' };
    case 'reason-type':
      return state.reason ? { ...state, reason: { ...state.reason, text: state.reason.text + action.text }, status: '' } : state;
    case 'reason-erase':
      return state.reason ? { ...state, reason: { ...state.reason, text: state.reason.text.slice(0, -1) } } : state;
    case 'reason-cancel': {
      const { reason: _gone, ...rest } = state;
      void _gone;
      return { ...rest, status: 'Not suppressed.' };
    }
    case 'reason-confirm':
      return state.reason ? withEffect(state, { kind: 'suppress', finding: state.reason.finding, reason: state.reason.text }) : state;
    case 'suppressed': {
      const { reason: _done, ...rest } = state;
      void _done;
      return pop({
        ...rest,
        data: action.data,
        status: `Suppressed ${action.finding.ruleId} at line ${action.finding.line}: the comment is in ${action.finding.file}.`,
      });
    }
    case 'suppress-failed':
      return { ...state, status: action.message };
    case 'advisor-move':
    case 'advisor-change':
    case 'advisor-reset': {
      const view = viewOf(state);
      if (!view) return state;
      if (action.type === 'advisor-reset') {
        const { [view.name]: _reset, ...others } = state.advisor;
        void _reset;
        return { ...state, advisor: others };
      }
      const a = answersFor(state, view);
      let next: typeof a;
      if (action.type === 'advisor-move') next = { ...a, cursor: Math.min(3, Math.max(0, a.cursor + action.delta)) };
      else if (a.cursor === 0) next = { ...a, decisionPoints: Math.max(0, a.decisionPoints + action.delta) };
      else if (a.cursor === 1) next = { ...a, needsState: !a.needsState };
      else if (a.cursor === 2) next = { ...a, services: Math.max(1, a.services + action.delta) };
      else next = { ...a, ownedOutcome: !a.ownedOutcome };
      return { ...state, advisor: { ...state.advisor, [view.name]: next } };
    }
    case 'trace-step': {
      const frame = frameOf(state);
      const screen = frame.screen;
      if (screen.kind !== 'trace' && screen.kind !== 'run') return state;
      const view = state.data.processes[screen.process];
      const total = (screen.kind === 'trace' ? view?.simulation.traces[screen.trace]?.steps.length : view?.verdict().counterexample?.steps.length) ?? 0;
      return withFrame(state, { shown: Math.min(total + 1, Math.max(1, frame.shown + action.delta)) });
    }
    case 'ask-llm': {
      const view = viewOf(state);
      if (!view || state.llm?.state === 'running') return state;
      return withEffect({ ...state, llm: { process: view.name, state: 'running' }, status: '' }, { kind: 'ask', process: view.name });
    }
    case 'cancel-llm':
      return state.llm?.state === 'running' ? withEffect(state, { kind: 'cancel' }) : state;
    case 'llm-answered': {
      // The answer is read from its top, in the Guidance pane whichever pane is shown now.
      const at = PANES.findIndex((p) => p.name === 'Guidance');
      const answered = {
        ...state,
        llm: { process: action.process, state: 'done' as const, guidance: action.guidance, model: action.model },
        status: `Guidance by ${action.model}.`,
      };
      return { ...withFrame({ ...answered, pane: at }, { cursor: 0 }), pane: state.pane };
    }
    case 'llm-failed': {
      const { llm: _failed, ...rest } = state;
      void _failed;
      return {
        ...rest,
        status: action.cancelled
          ? 'Cancelled; the guidance shown is written offline.'
          : `The LLM pass gave no guidance (${action.message}); the guidance shown is written offline.`,
      };
    }
  }
}
