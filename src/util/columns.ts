/**
 * Text measured in terminal columns, not UTF-16 units: a CJK character or an emoji takes two, a
 * combining accent none, so names in any script keep their columns aligned in tables and on the
 * walkthrough's screen. The measure is string-width's (Ink measures with it too). Loading it builds
 * an Intl.Segmenter, which costs some 30 ms at start-up, so it is loaded only by the commands that
 * draw columns (`loadWidths()`), and text of narrow characters only — most text — never needs it.
 */
let measure: ((text: string) => number) | undefined;

/** Loads string-width; the commands that draw tables call it before they draw. */
export async function loadWidths(): Promise<void> {
  measure ??= (await import('string-width')).default;
}

/** Measures with string-width as already loaded (the walkthrough: Ink imports it anyway). */
export function measureWith(stringWidth: (text: string) => number): void {
  measure = stringWidth;
}

/** Printable ASCII, Latin-1 and Latin Extended letters, punctuation, arrows, box drawing, ✓ ✗, Braille: one column each. */
const NARROW = /^[\u0020-\u007e\u00a0-\u024f\u2010-\u2027\u2030-\u205e\u2190-\u21ff\u2500-\u259f\u2713\u2717\u2800-\u28ff]*$/;

export function widthOf(text: string): number {
  if (NARROW.test(text)) return text.length;
  // Without string-width loaded, code points: right for every narrow script.
  return measure ? measure(text) : [...text].length;
}

let graphemes: Intl.Segmenter | undefined;

/** The longest start of `text` that fits in `width` columns, cut between graphemes. */
export function head(text: string, width: number): string {
  if (NARROW.test(text)) return text.slice(0, Math.max(0, width));
  graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  let out = '';
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const w = widthOf(segment);
    if (used + w > width) break;
    out += segment;
    used += w;
  }
  return out;
}

/** Pads `text` with spaces to `width` columns. */
export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - widthOf(text)));
}

/** One cell or row cut to `width` columns with an ellipsis. */
export function fit(text: string, width: number): string {
  if (widthOf(text) <= width) return text;
  return `${head(text, Math.max(0, width - 1))}…`;
}

/** Breaks text into lines of at most `width` columns, at spaces where it can; keeps leading indentation. */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  const w = Math.max(10, width);
  for (const raw of text.split('\n')) {
    if (widthOf(raw) <= w) {
      out.push(raw);
      continue;
    }
    const indent = /^\s*(?:[-*] |\d+\. )?/.exec(raw)?.[0].length ?? 0;
    const pad = ' '.repeat(Math.min(indent, 8));
    let line = raw;
    let first = true;
    while (widthOf(line) > (first ? w : w - pad.length)) {
      const room = first ? w : w - pad.length;
      const fits = head(line, room);
      let cut = fits.lastIndexOf(' ');
      if (cut <= (first ? indent : 0)) cut = Math.max(1, fits.length);
      out.push((first ? '' : pad) + line.slice(0, cut).trimEnd());
      line = line.slice(cut).trimStart();
      first = false;
    }
    out.push((first ? '' : pad) + line);
  }
  return out;
}
