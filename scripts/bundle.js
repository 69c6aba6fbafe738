#!/usr/bin/env node
// Bundles the CLI into dist/cli.js with esbuild: one file to load instead of some seventy modules
// and their dependencies, which is most of what `review` spends before it reads a design.
// Commands that pull in heavy modules are to be loaded with import() so that they stay in chunks
// of their own (splitting is on).
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
rmSync(path.join(root, 'dist'), { recursive: true, force: true });
await build({
  entryPoints: [path.join(root, 'src', 'cli.ts')],
  define: { 'process.env.NODE_ENV': '"production"' },
  outdir: path.join(root, 'dist'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  legalComments: 'none',
  minify: true,
  sourcemap: 'linked',
  logLevel: 'warning',
  // Ink loads React's devtools only when DEV=true; they are not a dependency of ours. yaml is a
  // dependency (the full parser is require()d at run time), so it is loaded from node_modules, once.
  external: ['react-devtools-core', 'yaml'],
  jsx: 'automatic',
  // CommonJS dependencies (commander, yaml, pluralize) call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __edaCreateRequire } from 'node:module'; const require = __edaCreateRequire(import.meta.url);" },
});
