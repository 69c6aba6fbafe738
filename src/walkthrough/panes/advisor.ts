import { PATTERN_NAMES, type Recommendation } from '../../guidance/advisor.js';
import { reconsider } from '../data.js';
import { frameOf, viewOf } from '../state.js';
import { fit, wrap } from '../../util/columns.js';
import { COMMON_HINT, textLines, type Line, type Pane } from './pane.js';

/** The decision framework's four questions, the design's answers as defaults, and the pattern they lead to. */
export const advisor: Pane = {
  name: 'Advisor',
  content({ view, advisor: changed, data, width }) {
    if (!view) return { lines: textLines('No process to advise on.', width), rows: [] };
    const own = changed[view.name];
    const a = own ?? {
      decisionPoints: view.answers.decisionPoints,
      needsState: view.answers.needsState,
      services: view.answers.services.length,
      ownedOutcome: view.answers.ownedOutcome,
      cursor: 0,
    };
    const rec: Recommendation = own ? reconsider(view, a, data.thresholds) : view.recommendation;
    const q = (i: number, question: string, value: string, designs: string): Line => ({
      text: fit(`${a.cursor === i ? '›' : ' '} ${question.padEnd(44)} ${value.padEnd(6)} ${designs}`, width),
      ...(a.cursor === i ? { inverse: true } : {}),
    });
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
    out.push(
      ...wrap(
        `Recommended: ${name}${rec.fitsDeclared ? ` — the declared ${PATTERN_NAMES[view.pattern]} fits.` : ` — the design declares a ${PATTERN_NAMES[view.pattern]}.`}`,
        width,
      ).map((t) => ({ text: t, bold: true, color: rec.fitsDeclared ? 'green' : 'yellow' })),
    );
    for (const r of [...rec.reasons, ...(rec.change ? [rec.change] : [])]) out.push(...wrap(`- ${r.replace(/`/g, '')}`, width).map((t) => ({ text: t })));
    return { lines: out, rows: [] };
  },
  breadcrumb: ({ view }) =>
    view ? `Advisor › process ${view.name} (${PATTERN_NAMES[view.pattern]}; choose another in Processes)` : 'Advisor › the design has no processes',
  hint: () => `↑↓ question · ←→ change · r reset · Tab next pane · ${COMMON_HINT}`,
  keys(state, input, key) {
    const view = viewOf(state);
    if (!view || frameOf(state).screen.kind !== 'root') return undefined;
    if (key.upArrow || input === 'k') return { type: 'advisor-move', delta: -1 };
    if (key.downArrow || input === 'j') return { type: 'advisor-move', delta: 1 };
    if (input === 'r') return { type: 'advisor-reset' };
    if (key.leftArrow || input === '-') return { type: 'advisor-change', delta: -1 };
    if (key.rightArrow || input === ' ' || input === '+') return { type: 'advisor-change', delta: 1 };
    // Advisor has no list to move in nor screen to go back from: the other keys do nothing here.
    return { type: 'none' };
  },
};
