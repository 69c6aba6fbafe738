import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect } from 'vitest';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'eda-advisor.js');

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built CLI as a user would, with a scrubbed environment (no API key can leak in). */
export function run(args: readonly string[], env: Record<string, string> = {}): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env },
    encoding: 'utf8',
    timeout: 15_000,
  });
  // Whatever happens, eda-advisor never answers with a stack trace.
  expect(r.stderr, 'a stack trace on stderr').not.toMatch(/\n\s+at .+:\d+:\d+/);
  expect(r.stdout, 'a stack trace on stdout').not.toMatch(/\n\s+at .+:\d+:\d+/);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
