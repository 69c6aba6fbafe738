import { Text } from 'ink';
import { visible } from '../../util/visible.js';
import type { Line } from '../panes/pane.js';
import { fit } from '../../util/columns.js';

export interface TextViewProps {
  readonly lines: readonly Line[];
  /** The first line shown. */
  readonly offset: number;
  readonly height: number;
  readonly width: number;
  readonly color: boolean;
}

/** Lines of text, `height` of them from `offset`, each cut to the width. */
export function TextView({ lines, offset, height, width, color }: TextViewProps) {
  return (
    <>
      {lines.slice(offset, offset + height).map((l, i) => (
        <LineText key={`t${offset + i}`} line={l} width={width} color={color} />
      ))}
    </>
  );
}

/** One line with its look; an empty line keeps its row. */
export function LineText({ line, width, color }: { readonly line: Line; readonly width: number; readonly color: boolean }) {
  return (
    <Text bold={line.bold ?? false} {...(color && line.color ? { color: line.color } : {})} {...(line.inverse ? { inverse: true } : {})}>
      {fit(visible(line.text), width) || '\u00a0'}
    </Text>
  );
}
