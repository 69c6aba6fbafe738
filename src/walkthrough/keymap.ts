import { PANES } from './panes/index.js';
import type { Action, KeyPress, State } from './state.js';

/**
 * What a key means in the state it finds: the modes first (typing a reason, typing a filter, the
 * help screen, a running LLM request), then the keys that work everywhere, then the pane's own keys,
 * then moving, opening and going back. Pure: the reducer calls it with the latest state.
 */
export function actionFor(state: State, input: string, key: KeyPress): Action | undefined {
  if (state.quit) return undefined;
  const typed = input !== '' && !key.ctrl && !key.meta;
  if (state.reason) {
    if (key.escape) return { type: 'reason-cancel' };
    if (key.return) return { type: 'reason-confirm' };
    if (key.backspace || key.delete) return { type: 'reason-erase' };
    return typed ? { type: 'reason-type', text: input } : undefined;
  }
  if (state.filter.typing) {
    if (key.escape) return { type: 'filter-clear' };
    if (key.return) return { type: 'filter-keep' };
    if (key.backspace || key.delete) return { type: 'filter-erase' };
    return typed ? { type: 'filter-type', text: input } : undefined;
  }
  if (state.help) return input === '?' || input === 'q' || key.escape || key.return ? { type: 'help', open: false } : undefined;
  if (state.llm?.state === 'running' && key.escape) return { type: 'cancel-llm' };
  if (input === 'q') return { type: 'quit' };
  if (input === '?') return { type: 'help', open: true };
  if (key.tab) return { type: 'pane', delta: key.shift ? -1 : 1 };
  const own = PANES[state.pane]?.keys?.(state, input, key);
  if (own) return own;
  if (key.upArrow || input === 'k') return { type: 'move', delta: -1 };
  if (key.downArrow || input === 'j') return { type: 'move', delta: 1 };
  if (key.pageUp) return { type: 'page', delta: -1 };
  if (key.pageDown) return { type: 'page', delta: 1 };
  if (key.escape || key.backspace || key.delete) return { type: 'back' };
  if (input === '/') return { type: 'filter-start' };
  if (key.return) return { type: 'open' };
  return undefined;
}
