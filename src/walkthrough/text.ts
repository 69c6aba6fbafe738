import { fit, head, widthOf } from '../util/columns.js';

export { fit };

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

/** The window of `height` rows that keeps `cursor` in view. */
export function windowOf(count: number, cursor: number, height: number): { start: number; end: number } {
  if (count <= height) return { start: 0, end: count };
  const start = Math.min(Math.max(0, cursor - Math.floor(height / 2)), count - height);
  return { start, end: start + height };
}
