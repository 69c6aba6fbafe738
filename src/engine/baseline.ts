import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import type { Finding } from '../findings.js';

/** A finding as a baseline records it: by what it is about, not by where it is (lines move). */
let cryptoModule: typeof import('node:crypto') | undefined;
/** node:crypto, loaded when a baseline is used: a review without one does not pay for it. */
function crypto(): typeof import('node:crypto') {
  return (cryptoModule ??= createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto'));
}

export interface BaselineEntry {
  readonly ruleId: string;
  readonly file: string;
  readonly fingerprint: string;
  /** How many findings share this fingerprint. */
  readonly count: number;
}

export interface Baseline {
  readonly version: 1;
  readonly findings: readonly BaselineEntry[];
}

/** Rule, path in the document, message id and text: stable across edits that only move lines. */
export function fingerprint(f: Finding): string {
  return crypto()
    .createHash('sha256')
    .update(`${f.ruleId}\u0000${f.path.join('\u0001')}\u0000${f.messageId}\u0000${f.message}`)
    .digest('hex')
    .slice(0, 20);
}

export function baselineOf(findings: readonly Finding[]): Baseline {
  const entries = new Map<string, { ruleId: string; file: string; fingerprint: string; count: number }>();
  for (const f of findings) {
    const fp = fingerprint(f);
    const key = `${f.file}\u0000${fp}`;
    const e = entries.get(key);
    if (e) e.count++;
    else entries.set(key, { ruleId: f.ruleId, file: f.file, fingerprint: fp, count: 1 });
  }
  const list = [...entries.values()].sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : a.ruleId.localeCompare(b.ruleId) || a.fingerprint.localeCompare(b.fingerprint),
  );
  return { version: 1, findings: list };
}

export function readBaseline(file: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(
      file,
      code === 'ENOENT' ? 'no such baseline file; write one with --write-baseline.' : `is not a baseline (${code ?? (err as Error).message}).`,
    );
  }
  const b = data as Partial<Baseline>;
  const valid =
    b.version === 1 &&
    Array.isArray(b.findings) &&
    b.findings.every(
      (e) => typeof e?.ruleId === 'string' && typeof e.file === 'string' && typeof e.fingerprint === 'string' && Number.isInteger(e.count) && e.count > 0,
    );
  if (!valid) throw new InputError(file, 'is not a baseline written by eda-advisor --write-baseline (version 1).');
  return b as Baseline;
}

/** Splits today's findings into those the baseline knows and new ones; what it knows but no longer happens is `gone`. */
export function applyBaseline(baseline: Baseline, findings: readonly Finding[]): { fresh: Finding[]; known: number; gone: BaselineEntry[]; kept: Baseline } {
  const left = new Map(baseline.findings.map((e) => [`${e.file}\u0000${e.fingerprint}`, { ...e }]));
  const fresh: Finding[] = [];
  let known = 0;
  for (const f of findings) {
    const e = left.get(`${f.file}\u0000${fingerprint(f)}`);
    if (e && e.count > 0) {
      e.count--;
      known++;
    } else {
      fresh.push(f);
    }
  }
  const gone = [...left.values()].filter((e) => e.count > 0);
  // Pruned: each entry keeps only as many as still occur; the baseline can only shrink.
  const kept = baseline.findings.map((e) => ({ ...e, count: e.count - (left.get(`${e.file}\u0000${e.fingerprint}`)?.count ?? 0) })).filter((e) => e.count > 0);
  return { fresh, known, gone, kept: { version: 1, findings: kept } };
}
