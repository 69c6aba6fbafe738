import { advisor } from './advisor.js';
import { checklist } from './checklist.js';
import { guidance } from './guidance.js';
import { overview } from './overview.js';
import type { Pane } from './pane.js';
import { processes } from './processes.js';

/** The panes in tab order: the one place a pane is added. */
export const PANES: readonly Pane[] = [overview, checklist, processes, advisor, guidance];

export const PANE_NAMES = PANES.map((p) => p.name);
