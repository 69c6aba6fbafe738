import type { Finding } from '../findings.js';
import type { ItemStatus } from '../guidance/checklist.js';
import type { Guidance } from '../guidance/types.js';
import type { ProcessView, WalkthroughData } from './data.js';

/**
 * The walkthrough as a pure state machine, in the manner of xstate's `transition()`: `reduce(state,
 * action)` computes the next state and does no I/O. Keys arrive as `key` actions and are read
 * against the state they find (src/walkthrough/keymap.ts), so two keys that arrive before React
 * draws still see each other. What the container must do outside — write a suppression, ask Claude,
 * quit — is queued in `effects`; the container runs each once and reports back with an action.
 */

/** What a pane's stack holds: the pane's own root, or a screen opened from it. */
export type Screen =
  | { readonly kind: 'root' }
  | { readonly kind: 'item'; readonly item: ItemStatus }
  | { readonly kind: 'finding'; readonly finding: Finding }
  | { readonly kind: 'process'; readonly process: number }
  | { readonly kind: 'trace'; readonly process: number; readonly trace: number }
  /** verify's shortest failing run of a process, stepped through. */
  | { readonly kind: 'run'; readonly process: number };

export interface Frame {
  readonly screen: Screen;
  /** The selected row of a list, or the first line shown of a text. */
  readonly cursor: number;
  /** Trace screens: how many steps are shown. */
  readonly shown: number;
}

/** The decision framework's four answers as the team set them in Advisor, and the question selected. */
export interface AdvisorAnswers {
  readonly decisionPoints: number;
  readonly needsState: boolean;
  readonly services: number;
  readonly ownedOutcome: boolean;
  readonly cursor: number;
}

export type Llm =
  | { readonly process: string; readonly state: 'running' }
  | { readonly process: string; readonly state: 'done'; readonly guidance: Guidance; readonly model: string };

/** Work the container does outside the reducer; each is run once, in order, and reports back. */
export type Effect =
  | { readonly id: number; readonly kind: 'suppress'; readonly finding: Finding; readonly reason: string }
  | { readonly id: number; readonly kind: 'ask'; readonly process: string }
  | { readonly id: number; readonly kind: 'cancel' }
  | { readonly id: number; readonly kind: 'quit' };

/** The keys of Ink's `useInput` that the walkthrough reads; every flag is optional. */
export interface KeyPress {
  readonly upArrow?: boolean;
  readonly downArrow?: boolean;
  readonly leftArrow?: boolean;
  readonly rightArrow?: boolean;
  readonly pageUp?: boolean;
  readonly pageDown?: boolean;
  readonly return?: boolean;
  readonly escape?: boolean;
  readonly ctrl?: boolean;
  readonly shift?: boolean;
  readonly tab?: boolean;
  readonly backspace?: boolean;
  readonly delete?: boolean;
  readonly meta?: boolean;
}

export interface State {
  readonly data: WalkthroughData;
  readonly size: { readonly columns: number; readonly rows: number };
  /** The index of the pane shown, in src/walkthrough/panes/index.ts. */
  readonly pane: number;
  /** One stack of screens per pane: each pane keeps where the reader was in it. */
  readonly stacks: readonly (readonly Frame[])[];
  /** The process Advisor and Guidance are about: the one last selected in Processes. */
  readonly processIndex: number;
  readonly filter: { readonly typing: boolean; readonly text: string };
  readonly help: boolean;
  /** Typing the reason of a suppression. */
  readonly reason?: { readonly finding: Finding; readonly text: string };
  /** One line for the footer: what just happened. */
  readonly status: string;
  readonly advisor: Readonly<Record<string, AdvisorAnswers>>;
  readonly llm?: Llm;
  /** Whether `l` can ask Claude (a key is set). */
  readonly llmAvailable: boolean;
  /** The spinner's frame while Claude is asked. */
  readonly spinner: number;
  readonly quit: boolean;
  readonly effects: readonly Effect[];
  readonly nextEffect: number;
}

export type Action =
  /** A key as Ink reports it: read against the state it finds by the keymap. */
  | { readonly type: 'key'; readonly input: string; readonly key: KeyPress }
  | { readonly type: 'resize'; readonly columns: number; readonly rows: number }
  | { readonly type: 'tick' }
  /** The container has run the effects up to this id. */
  | { readonly type: 'ran'; readonly upTo: number }
  | { readonly type: 'suppressed'; readonly data: WalkthroughData; readonly finding: Finding }
  | { readonly type: 'suppress-failed'; readonly message: string }
  | { readonly type: 'llm-answered'; readonly process: string; readonly guidance: Guidance; readonly model: string }
  | { readonly type: 'llm-failed'; readonly cancelled: boolean; readonly message: string }
  // What keys mean, as the keymap reads them.
  | { readonly type: 'move'; readonly delta: number }
  | { readonly type: 'page'; readonly delta: number }
  | { readonly type: 'open' }
  | { readonly type: 'back' }
  | { readonly type: 'pane'; readonly delta: number }
  | { readonly type: 'help'; readonly open: boolean }
  | { readonly type: 'quit' }
  | { readonly type: 'filter-start' }
  | { readonly type: 'filter-type'; readonly text: string }
  | { readonly type: 'filter-erase' }
  | { readonly type: 'filter-keep' }
  | { readonly type: 'filter-clear' }
  | { readonly type: 'reason-start'; readonly finding: Finding }
  | { readonly type: 'reason-type'; readonly text: string }
  | { readonly type: 'reason-erase' }
  | { readonly type: 'reason-cancel' }
  | { readonly type: 'reason-confirm' }
  | { readonly type: 'advisor-move'; readonly delta: number }
  | { readonly type: 'advisor-change'; readonly delta: number }
  | { readonly type: 'advisor-reset' }
  | { readonly type: 'trace-step'; readonly delta: number }
  | { readonly type: 'ask-llm' }
  | { readonly type: 'cancel-llm' }
  /** A key that does nothing here; with a status, a line that says why. */
  | { readonly type: 'none'; readonly status?: string };

export const ROOT_FRAME: Frame = { screen: { kind: 'root' }, cursor: 0, shown: 1 };

export function initialState(
  data: WalkthroughData,
  options: { readonly panes: number; readonly size: { columns: number; rows: number }; readonly llmAvailable: boolean },
): State {
  return {
    data,
    size: options.size,
    pane: 0,
    stacks: Array.from({ length: options.panes }, () => [ROOT_FRAME]),
    processIndex: 0,
    filter: { typing: false, text: '' },
    help: false,
    status: '',
    advisor: {},
    llmAvailable: options.llmAvailable,
    spinner: 0,
    quit: false,
    effects: [],
    nextEffect: 1,
  };
}

/** The frame on top of the shown pane's stack. */
export function frameOf(state: State): Frame {
  const stack = state.stacks[state.pane] ?? [ROOT_FRAME];
  return stack[stack.length - 1] ?? ROOT_FRAME;
}

/** The process Advisor and Guidance show. */
export function viewOf(state: State): ProcessView | undefined {
  const processes = state.data.processes;
  return processes[Math.min(state.processIndex, processes.length - 1)];
}

/** The answers of a process: as the team changed them, else the design's. */
export function answersFor(state: State, view: ProcessView): AdvisorAnswers {
  return (
    state.advisor[view.name] ?? {
      decisionPoints: view.answers.decisionPoints,
      needsState: view.answers.needsState,
      services: view.answers.services.length,
      ownedOutcome: view.answers.ownedOutcome,
      cursor: 0,
    }
  );
}

/** The screen's width for text, and the rows the body has. */
export function layoutOf(state: State): { readonly width: number; readonly text: number; readonly body: number } {
  const width = Math.max(40, state.size.columns);
  return { width, text: width - 2, body: Math.max(6, state.size.rows - 4) };
}

/** The state with the top frame of the shown pane changed. */
export function withFrame(state: State, update: Partial<Frame>): State {
  return { ...state, stacks: state.stacks.map((s, i) => (i === state.pane ? [...s.slice(0, -1), { ...(s[s.length - 1] ?? ROOT_FRAME), ...update }] : s)) };
}

/** The state with one more effect for the container to run. */
export function withEffect(state: State, effect: DistributiveOmit<Effect, 'id'>): State {
  return { ...state, effects: [...state.effects, { ...effect, id: state.nextEffect } as Effect], nextEffect: state.nextEffect + 1 };
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
