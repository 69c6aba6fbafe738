/** Milliseconds of a design duration (`200ms`, `30s`, `5m`, `24h`, `2d`, `1h30m`); undefined when it is not one. */
export function durationMs(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  // A design writes a few durations many times (timeout: 30s on every step).
  if (known.has(text)) return known.get(text);
  if (known.size >= 4096) known.clear();
  const ms = readDuration(text);
  known.set(text, ms);
  return ms;
}

const known = new Map<string, number | undefined>();

function readDuration(text: string): number | undefined {
  const parts = [...text.matchAll(/([0-9]+(?:\.[0-9]+)?)(ms|s|m|h|d)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) return undefined;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
  return parts.reduce((sum, p) => sum + Number(p[1]) * unit[p[2] as keyof typeof unit], 0);
}

/** A duration in words a designer reads: `25m 30s`, `1h 2m`, `450ms`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const units: [string, number][] = [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ];
  const out: string[] = [];
  let rest = Math.round(ms / 1000) * 1000;
  for (const [u, size] of units) {
    const n = Math.floor(rest / size);
    if (n > 0) out.push(`${n}${u}`);
    rest -= n * size;
  }
  return out.slice(0, 2).join(' ');
}
