import type { Finding } from '../../findings.js';
import type { ProcessView, WalkthroughData } from '../data.js';
import type { Action, AdvisorAnswers, Frame, KeyPress, Llm, State } from '../state.js';
import { wrap } from '../../util/columns.js';

/** A line of text a screen shows. */
export interface Line {
  readonly text: string;
  readonly bold?: boolean;
  readonly color?: string;
  readonly inverse?: boolean;
}

/** A row of a list: what Enter opens, and for Processes which process it is. */
export interface Row {
  readonly text: string;
  readonly color?: string;
  readonly open?: Frame['screen'];
  readonly index?: number;
}

/** What a screen shows: header lines and selectable rows, or (no rows) lines of text to scroll. */
export interface Content {
  readonly lines: readonly Line[];
  readonly rows: readonly Row[];
}

/** What a pane reads to draw a screen: all of it plain data. */
export interface PaneContext {
  readonly data: WalkthroughData;
  readonly frame: Frame;
  readonly view: ProcessView | undefined;
  readonly filter: string;
  readonly width: number;
  readonly advisor: Readonly<Record<string, AdvisorAnswers>>;
  readonly llm: Llm | undefined;
  readonly llmAvailable: boolean;
}

/**
 * One pane of the walkthrough: its name on the tab, what each of its screens shows, where the reader
 * is (the breadcrumb), the keys it hints at, and the keys it reads itself before the common ones
 * (moving, opening, going back, filtering). A new pane is a module like this, added to the list in
 * ./index.ts.
 */
export interface Pane {
  readonly name: string;
  content(ctx: PaneContext): Content;
  breadcrumb(ctx: PaneContext): string;
  hint(ctx: PaneContext, list: boolean): string;
  keys?(state: State, input: string, key: KeyPress): Action | undefined;
}

/** Wraps text to the screen's width, each line with the same look. */
export function textLines(text: string, width: number, extra: Omit<Line, 'text'> = {}): Line[] {
  return wrap(text, width).map((l) => ({ text: l, ...extra }));
}

export function matches(text: string, filter: string): boolean {
  return filter === '' || text.toLowerCase().includes(filter.toLowerCase());
}

const SEVERITY_MARK: Record<string, string> = { error: 'E', warning: 'W', info: 'i' };

export const severityColor = (severity: string): string => (severity === 'error' ? 'red' : severity === 'warning' ? 'yellow' : 'blue');

export function findingRow(f: Finding): Row {
  return {
    text: `${SEVERITY_MARK[f.severity] ?? '?'} ${f.line}:${f.column}  ${f.ruleId}  ${f.message}`,
    color: severityColor(f.severity),
    open: { kind: 'finding', finding: f },
  };
}

export const COMMON_HINT = '? help · q quit';
