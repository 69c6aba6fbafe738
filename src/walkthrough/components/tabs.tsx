import { Box, Text } from 'ink';
import { fit } from '../../util/columns.js';

export interface TabsProps {
  readonly title: string;
  readonly names: readonly string[];
  readonly active: number;
  readonly width: number;
  readonly color: boolean;
}

/** The design's name and the panes, the one shown inverted. */
export function Tabs({ title, names, active, width, color }: TabsProps) {
  const room = Math.max(8, width - 2 - names.reduce((n, p) => n + p.length + 2, 0));
  return (
    <Box>
      <Text bold {...(color ? { color: 'cyan' } : {})}>
        {fit(`${title} `, room)}
      </Text>
      {names.map((name, i) => (
        <Text key={name} {...(i === active ? { inverse: true, bold: true } : color ? { color: 'gray' } : {})}>
          {` ${name} `}
        </Text>
      ))}
    </Box>
  );
}
