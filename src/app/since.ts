import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FileReview, Level } from '../engine/run.js';
import { UsageError } from '../errors.js';
import type { Finding } from '../findings.js';
import type { HiddenFinding } from '../formatters/types.js';
import { realPath } from '../util/paths.js';
import { runDiff } from './diff.js';

function git(cwd: string, args: readonly string[]): { ok: boolean; out: Buffer; err: string } {
  const r = spawnSync('git', args, { cwd, maxBuffer: 512 * 1024 * 1024 });
  if (r.error) throw new UsageError(`--since needs git, which cannot be run here (${(r.error as NodeJS.ErrnoException).code ?? r.error.message}).`);
  return { ok: r.status === 0, out: r.stdout, err: r.stderr.toString('utf8').trim().split('\n')[0] ?? '' };
}

/**
 * The design's folder tree as it was at a revision, in a temporary folder (its imports stay inside
 * that tree, so they come along): the path of the old file there, or undefined when the file is new.
 */
function checkout(file: string, rev: string, into: string): string | undefined {
  const dir = path.dirname(path.resolve(file));
  const top = git(dir, ['rev-parse', '--show-toplevel']);
  if (!top.ok) throw new UsageError(`${file} is not in a git repository; --since compares with a revision of the repository that holds the file.`);
  const root = top.out.toString('utf8').trim();
  if (!git(root, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]).ok)
    throw new UsageError(`'${rev}' is not a revision of the repository ${root}; name a branch, a tag or a commit (git log shows them).`);
  const relDir = path.relative(realPath(root), realPath(dir)).split(path.sep).join('/');
  const relFile = `${relDir ? `${relDir}/` : ''}${path.basename(file)}`;
  if (!git(root, ['cat-file', '-e', `${rev}:${relFile}`]).ok) return undefined;
  const archive = git(root, ['archive', '--format=tar', rev, '--', relDir || '.']);
  if (!archive.ok) throw new UsageError(`git archive ${rev} failed: ${archive.err}`);
  mkdirSync(into, { recursive: true });
  const tar = spawnSync('tar', ['-x', '-C', into], { input: archive.out });
  if (tar.status !== 0) throw new UsageError(`the files of ${rev} could not be unpacked (tar: ${tar.stderr.toString('utf8').trim().split('\n')[0] ?? ''}).`);
  const old = path.join(into, relFile);
  return existsSync(old) ? old : undefined;
}

export interface SinceRequest {
  readonly rev: string;
  readonly levels: ReadonlyMap<string, Level>;
  readonly config?: string;
  readonly maxFileSize?: number;
}

/**
 * `review --since REV`: each reviewed design compared with itself at REV (git show's view of the
 * repository that holds it). A design that is new at REV is all added. Its changes join the review's
 * findings; what a suppression comment hides is returned apart.
 */
export function changesSince(reviews: readonly FileReview[], request: SinceRequest): { findings: Finding[]; hidden: HiddenFinding[] } {
  const findings: Finding[] = [];
  const hidden: HiddenFinding[] = [];
  const work = mkdtempSync(path.join(tmpdir(), 'eda-advisor-since-'));
  try {
    reviews.forEach((r, i) => {
      if (!r.design || r.file === '<stdin>' || !existsSync(r.file)) return;
      const into = path.join(work, String(i));
      let old = checkout(r.file, request.rev, into);
      if (old === undefined) {
        // New since REV: compared with an empty design, everything in it is added.
        mkdirSync(into, { recursive: true });
        old = path.join(into, 'empty.yaml');
        writeFileSync(old, `version: 1\nname: ${JSON.stringify(r.design.name || 'design')}\n`);
      }
      const outcome = runDiff(old, r.file, {
        levels: request.levels,
        failOn: 'breaking',
        oldName: `${request.rev}:${r.file}`,
        ...(request.config ? { config: request.config } : {}),
        ...(request.maxFileSize ? { maxFileSize: request.maxFileSize } : {}),
      });
      // The new side's own parse findings are the review's already.
      findings.push(...outcome.report.findings.filter((f) => f.file !== r.file || f.ruleId.startsWith('diff/')));
      hidden.push(...(outcome.report.hidden ?? []));
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return { findings, hidden };
}
