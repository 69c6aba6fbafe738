import { Text } from 'ink';
import { fit } from '../../util/columns.js';

export interface FooterProps {
  readonly text: string;
  /** A status line (what just happened) rather than the key hints. */
  readonly status: boolean;
  readonly width: number;
  readonly color: boolean;
}

/** The last line: what just happened, what is being typed, or the keys that work here. */
export function Footer({ text, status, width, color }: FooterProps) {
  return <Text {...(color ? { color: status ? 'yellow' : 'gray' } : {})}>{fit(text, width)}</Text>;
}
