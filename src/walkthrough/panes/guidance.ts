import { PATTERN_NAMES } from '../../guidance/advisor.js';
import { guidanceLines } from '../data.js';
import { viewOf } from '../state.js';
import { COMMON_HINT, textLines, type Pane } from './pane.js';

/** The guidance for the process in view, written offline, or by Claude after `l`. */
export const guidance: Pane = {
  name: 'Guidance',
  content({ view, data, llm, width }) {
    if (!view) return { lines: textLines('No process to write guidance for.', width), rows: [] };
    const answer = llm?.state === 'done' && llm.process === view.name ? { guidance: llm.guidance, model: llm.model } : undefined;
    return { lines: guidanceLines(view, data.design.name, answer).flatMap((l) => textLines(l, width, l.startsWith('#') ? { bold: true } : {})), rows: [] };
  },
  breadcrumb: ({ view }) =>
    view ? `Guidance › process ${view.name} (${PATTERN_NAMES[view.pattern]}; choose another in Processes)` : 'Guidance › the design has no processes',
  hint: ({ llmAvailable }) => `${llmAvailable ? 'l ask Claude · ' : ''}↑↓ scroll · Tab next pane · ${COMMON_HINT}`,
  keys(state, input) {
    if (input !== 'l' || !viewOf(state)) return undefined;
    if (!state.llmAvailable)
      return { type: 'none', status: 'l asks Claude, and needs ANTHROPIC_API_KEY in the environment; the guidance shown is written offline.' };
    return { type: 'ask-llm' };
  },
};
