import type { Finding } from '../../findings.js';
import { excerpt, whyAndFix } from '../data.js';
import { frameOf } from '../state.js';
import { COMMON_HINT, findingRow, matches, severityColor, textLines, type Content, type Line, type Pane, type PaneContext, type Row } from './pane.js';

const GROUP: Record<string, string> = {
  'Transaction Boundaries': 'Transactions',
  'Event Design': 'Events',
  'Error Handling': 'Errors',
  Infrastructure: 'Infra',
  'Anti-patterns': 'Anti-pattern',
  'Other analyses': 'Analysis',
};

/** The checklist and the anti-patterns: an item, the findings behind it, a finding with the YAML around it. */
export const checklist: Pane = {
  name: 'Checklist',
  content(ctx) {
    const { data, frame, filter, width } = ctx;
    const screen = frame.screen;
    if (screen.kind === 'item') {
      const live = data.checklist.find((s) => s.item.id === screen.item.item.id) ?? screen.item;
      const head = [
        ...textLines(`${live.done ? '✓' : '✗'} ${live.item.title} (${live.item.group})`, width, { bold: true }),
        ...textLines(`Rules: ${live.item.rules.join(', ')}`, width, { color: 'gray' }),
      ];
      if (live.findings.length === 0)
        return { lines: [...head, { text: '' }, { text: 'No findings: this item holds for the design.', color: 'green' }], rows: [] };
      return { lines: head, rows: live.findings.map(findingRow).filter((r) => matches(r.text, filter)) };
    }
    if (screen.kind === 'finding') return findingContent(ctx, screen.finding);
    const rows = data.checklist
      .map((s): Row => ({
        text: `${s.done ? '✓' : '✗'} ${(GROUP[s.item.group] ?? '').padEnd(12)} ${s.item.title}${s.findings.length > 0 ? ` (${s.findings.length})` : ''}`,
        color: s.done ? 'green' : 'red',
        open: { kind: 'item', item: s },
      }))
      .filter((r) => matches(r.text, filter));
    return { lines: [{ text: 'Checklist and anti-patterns (Enter shows the findings behind an item)', bold: true }], rows };
  },
  breadcrumb({ frame, data }) {
    const screen = frame.screen;
    if (screen.kind === 'item') return `Checklist › ${screen.item.item.title}`;
    if (screen.kind === 'finding') return `Checklist › ${screen.finding.ruleId} at ${screen.finding.file}:${screen.finding.line}:${screen.finding.column}`;
    return `Checklist › ${data.file}`;
  },
  hint({ frame }, list) {
    if (frame.screen.kind === 'finding') return `s suppress with a reason · ↑↓ scroll · Esc back · ${COMMON_HINT}`;
    return list ? `↑↓ move · Enter open · / filter · Esc back · Tab next pane · ${COMMON_HINT}` : `↑↓ scroll · Esc back · Tab next pane · ${COMMON_HINT}`;
  },
  keys(state, input) {
    const screen = frameOf(state).screen;
    if (screen.kind === 'finding' && input === 's') return { type: 'reason-start', finding: screen.finding };
    return undefined;
  },
};

function findingContent({ data, width }: PaneContext, f: Finding): Content {
  const meta = whyAndFix(f.ruleId);
  const lines: Line[] = [
    ...textLines(`${f.severity.toUpperCase()}  ${meta.title} (${f.ruleId})`, width, { bold: true, color: severityColor(f.severity) }),
    { text: `${f.file}:${f.line}:${f.column}`, color: 'gray' },
    ...textLines(f.message, width),
    { text: '' },
  ];
  if (f.file === data.file) {
    for (const l of excerpt(data.parsed, f.line))
      lines.push({
        text: `${l.marked ? '>' : ' '} ${String(l.number).padStart(4)} │ ${l.text}`,
        ...(l.marked ? { bold: true, color: 'cyan' } : { color: 'gray' }),
      });
    lines.push({ text: '' });
  }
  lines.push(
    { text: 'Why it matters', bold: true },
    ...textLines(meta.why, width),
    { text: '' },
    { text: 'How to fix it', bold: true },
    ...textLines(f.hint ?? meta.fix, width),
  );
  if (f.hint && meta.fix && f.hint !== meta.fix) lines.push(...textLines(meta.fix, width, { color: 'gray' }));
  return { lines, rows: [] };
}
