import stringWidth from 'string-width';

/**
 * Text measured in terminal columns, not UTF-16 units: a CJK character or an emoji takes two, a
 * combining accent none (string-width, which Ink measures with too), so names in any script keep
 * their columns aligned in tables and on the walkthrough's screen.
 */
export const widthOf = (text: string): number => stringWidth(text);

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The longest start of `text` that fits in `width` columns, cut between graphemes. */
export function head(text: string, width: number): string {
  let out = '';
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const w = stringWidth(segment);
    if (used + w > width) break;
    out += segment;
    used += w;
  }
  return out;
}

/** Pads `text` with spaces to `width` columns. */
export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - stringWidth(text)));
}

/** One cell or row cut to `width` columns with an ellipsis. */
export function fit(text: string, width: number): string {
  if (stringWidth(text) <= width) return text;
  return `${head(text, Math.max(0, width - 1))}…`;
}
