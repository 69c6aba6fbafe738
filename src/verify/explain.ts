import { UsageError } from '../errors.js';
import { didYouMean } from '../util/nearest.js';
import { FAULTS, PROPERTIES, type PropertyId } from './terms.js';

/** `eda-advisor explain verify/<property>`: what the property says, why it matters, how to fix a run that breaks it. */
export function explainProperty(name: string): string {
  const ids = Object.keys(PROPERTIES);
  if (!ids.includes(name)) {
    const guess = didYouMean(
      `verify/${name}`,
      ids.map((i) => `verify/${i}`),
    );
    throw new UsageError(`'verify/${name}' is not a property of verify${guess || `; they are ${ids.map((i) => `verify/${i}`).join(', ')}.`}`);
  }
  const p = PROPERTIES[name as PropertyId];
  return [
    `# verify/${name}`,
    '',
    `**${p.title}** — checked by \`eda-advisor verify\`, severity \`${p.severity}\`.`,
    '',
    '## Why it matters',
    '',
    p.why,
    '',
    '## How to fix it',
    '',
    p.fix,
    '',
    '## The faults verify injects',
    '',
    ...Object.entries(FAULTS).map(([id, what]) => `- \`${id}\`: ${what}`),
    '',
  ].join('\n');
}
