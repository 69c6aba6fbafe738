import { Text } from 'ink';
import { visible } from '../../util/visible.js';
import type { Line, Row } from '../panes/pane.js';
import { fit } from '../../util/columns.js';
import { windowOf } from '../window.js';
import { LineText } from './text-view.js';

export interface ListViewProps {
  readonly lines: readonly Line[];
  readonly rows: readonly Row[];
  readonly cursor: number;
  /** Rows the list may take below its header lines. */
  readonly height: number;
  readonly width: number;
  readonly color: boolean;
}

/** Header lines, then the window of rows that keeps the selected one in view, marked and inverted. */
export function ListView({ lines, rows, cursor, height, width, color }: ListViewProps) {
  const { start, end } = windowOf(rows.length, cursor, Math.max(3, height));
  return (
    <>
      {lines.map((l, i) => (
        <LineText key={`h${i}`} line={l} width={width} color={color} />
      ))}
      {rows.slice(start, end).map((r, i) => {
        const selected = start + i === cursor;
        return (
          <Text key={`r${start + i}`} inverse={selected} {...(!selected && color && r.color ? { color: r.color } : {})}>
            {fit(`${selected ? '›' : ' '} ${visible(r.text)}`, width)}
          </Text>
        );
      })}
    </>
  );
}
