#!/usr/bin/env node
// Writes docs/rules/<id>.md from rules/<id>.yaml (and docs/rules/diff/<name>.md from rules/diff/) (through the built CLI's own renderer, so the docs
// and `eda-advisor explain` say the same). A test fails when the committed pages are out of date.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'docs', 'rules');
mkdirSync(out, { recursive: true });
for (const file of readdirSync(path.join(root, 'rules')).filter((f) => f.endsWith('.yaml'))) {
  const id = file.slice(0, -5);
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'eda-advisor.js'), 'explain', id, '--format', 'markdown'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`explain ${id} failed: ${r.stderr}`);
  writeFileSync(path.join(out, `${id}.md`), r.stdout);
}
// The change rules of diff: docs/rules/diff/<name>.md.
mkdirSync(path.join(out, 'diff'), { recursive: true });
for (const file of readdirSync(path.join(root, 'rules', 'diff')).filter((f) => f.endsWith('.yaml'))) {
  const id = `diff/${file.slice(0, -5)}`;
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'eda-advisor.js'), 'explain', id, '--format', 'markdown'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`explain ${id} failed: ${r.stderr}`);
  writeFileSync(path.join(out, `${id}.md`), r.stdout);
}
console.log(`docs/rules: ${readdirSync(out).length - 1} pages, and ${readdirSync(path.join(out, 'diff')).length} of diff`);
