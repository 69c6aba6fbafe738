import { spawn, spawnSync } from 'node:child_process';
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
export function run(args: readonly string[], env: Record<string, string> = {}, input?: string, cwd = ROOT): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    ...(input === undefined ? {} : { input }),
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env },
    encoding: 'utf8',
    timeout: 15_000,
  });
  // Whatever happens, eda-advisor never answers with a stack trace.
  expect(r.stderr, 'a stack trace on stderr').not.toMatch(/\n\s+at .+:\d+:\d+/);
  expect(r.stdout, 'a stack trace on stdout').not.toMatch(/\n\s+at .+:\d+:\d+/);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The same, without blocking the test's event loop: for tests that serve the CLI from this process (a local API). */
export function runAsync(args: readonly string[], env: Record<string, string> = {}, timeoutMs = 30_000): Promise<Run & { readonly ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`eda-advisor ${args.join(' ')} did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      expect(stderr, 'a stack trace on stderr').not.toMatch(/\n\s+at .+:\d+:\d+/);
      expect(stdout, 'a stack trace on stdout').not.toMatch(/\n\s+at .+:\d+:\d+/);
      resolve({ status, stdout, stderr, ms: performance.now() - started });
    });
  });
}
