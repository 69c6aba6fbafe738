#!/usr/bin/env node
// Bundles the CLI with esbuild for bin/eda-advisor.js, which compiles it with V8's code cache (Node
// 20 has no compile cache of its own). What it writes to dist/:
// - cli.js: the CLI, one CommonJS bundle (a script with a code cache has to be CommonJS: Node
//   compiles ES modules itself and keeps nothing between runs). Everything but the parts below is
//   in it; what a command does not use costs only its reading, as V8 compiles functions lazily.
// - asyncapi/v*.js: the validator of each AsyncAPI version (0.6 MB each), CommonJS, cached the same
//   way, each required when a document of its version comes.
// - vendor/ui.js: Ink and React, an ES module: Ink's layout engine (yoga-layout) has a top-level
//   await, which CommonJS cannot hold. The host imports it for the walkthrough (src/util/host.ts).
// The files are .js, as `files` in package.json ships them; the CommonJS ones are no modules to
// import: the host loads them.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
rmSync(dist, { recursive: true, force: true });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  legalComments: 'none',
  minify: true,
  sourcemap: 'linked',
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
};
// A CommonJS bundle has no import.meta: its url is the bundle's own file, as it was for the module.
const commonJs = {
  ...common,
  format: 'cjs',
  define: { ...common.define, 'import.meta.url': '__edaUrl' },
  banner: { js: "const __edaUrl = require('node:url').pathToFileURL(__filename).href;" },
};

const UI = ['ink', 'react', 'react/jsx-runtime'];
const validators = readdirSync(path.join(root, 'src', 'generated', 'asyncapi')).filter((f) => /^v\d+_\d+_\d+\.js$/.test(f));

/** The parts of the core that the host provides or that live in files of their own. */
const host = {
  name: 'eda-advisor-host',
  setup(b) {
    // src/util/host.ts becomes the host's own functions, and a require() of the yaml bundled here.
    b.onLoad({ filter: /[\\/]src[\\/]util[\\/]host\.ts$/ }, () => ({
      contents:
        "import host from 'eda-advisor:host';\nexport const importEsm = (s) => host.importEsm(s);\nexport const loadUi = () => host.loadUi();\nexport const loadYaml = () => require('yaml');",
      loader: 'js',
    }));
    b.onResolve({ filter: /^eda-advisor:host$/ }, () => ({ path: 'eda-advisor:host', external: true }));
    // Ink and React, as the host imported them (loadUi) before the walkthrough's modules ran.
    b.onResolve({ filter: new RegExp(`^(${UI.join('|').replaceAll('/', '\\/')})$`) }, (args) => ({ path: args.path, namespace: 'eda-ui' }));
    b.onLoad({ filter: /.*/, namespace: 'eda-ui' }, (args) => ({
      contents: `module.exports = require('eda-advisor:host').ui(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
    // A script compiled with a code cache cannot import(): a dynamic import of a file outside the
    // bundle (a validator) becomes a require() of it, through a module of one line.
    b.onResolve({ filter: /generated[\\/]asyncapi[\\/]v\d+_\d+_\d+\.js$/ }, (args) => ({
      path: `./asyncapi/${path.basename(args.path)}`,
      namespace: 'eda-require',
    }));
    // import() of CommonJS gives its exports as the default, as Node does: a validator's default
    // export is its function, so that is what its module of one line exports.
    b.onLoad({ filter: /.*/, namespace: 'eda-require' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)}).default;`,
      loader: 'js',
    }));
    b.onResolve({ filter: /.*/, namespace: 'eda-require' }, (args) => ({ path: args.path, external: true }));
  },
};

/** Fails the build on an import() left in a CommonJS bundle: it would throw once the code is cached. */
function checkNoDynamicImport(result) {
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    const dynamic = output.imports.filter((i) => i.kind === 'dynamic-import');
    if (dynamic.length > 0) throw new Error(`${file} keeps import() of ${dynamic.map((i) => i.path).join(', ')}: make it a require() (scripts/bundle.js)`);
  }
}

/** React's devtools, which Ink imports only when DEV=true: not a dependency of ours, and not in the bundle. */
const noDevtools = {
  name: 'no-react-devtools',
  setup(b) {
    b.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: 'react-devtools-core', namespace: 'eda-devtools' }));
    b.onLoad({ filter: /.*/, namespace: 'eda-devtools' }, () => ({
      contents: "throw new Error('React devtools (DEV=true) are not part of eda-advisor');",
      loader: 'js',
    }));
  },
};

const [core, asyncApi] = await Promise.all([
  build({
    ...commonJs,
    entryPoints: [path.join(root, 'src', 'cli.ts')],
    outfile: path.join(dist, 'cli.js'),
    jsx: 'automatic',
    metafile: true,
    plugins: [host],
  }),
  build({
    ...commonJs,
    entryPoints: validators.map((f) => path.join(root, 'src', 'generated', 'asyncapi', f)),
    outdir: path.join(dist, 'asyncapi'),
    metafile: true,
  }),
  build({
    ...common,
    stdin: {
      contents: `${UI.map((m, i) => `import * as m${i} from '${m}';`).join('\n')}\nexport const modules = { ${UI.map((m, i) => `'${m}': m${i}`).join(', ')} };`,
      resolveDir: root,
      loader: 'js',
    },
    outfile: path.join(dist, 'vendor', 'ui.js'),
    format: 'esm',
    // Ink loads React's devtools only when DEV=true; they are not a dependency of ours.
    plugins: [noDevtools],
    banner: { js: "import { createRequire as __edaCreateRequire } from 'node:module'; const require = __edaCreateRequire(import.meta.url);" },
  }),
]);
for (const result of [core, asyncApi]) checkNoDynamicImport(result);

// One character past ASCII (pluralize's /pok[eé]mon$/i, which esbuild leaves as written in a regular
// expression) makes Node decode the whole bundle into a two-byte string: 8 ms instead of 1.5 at every
// start. Each becomes its \u escape, which means the same in a string, a regular expression or a
// comment.
for (const file of [path.join(dist, 'cli.js')]) {
  const text = readFileSync(file, 'utf8');
  const ascii = text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (ascii !== text) writeFileSync(file, ascii);
}

// The code cache holds what the run that wrote it compiled: a review of a flawed design and of two
// AsyncAPI documents writes it here (and the validators' of their versions), so that the commands CI
// runs find theirs whatever runs first (bin/eda-advisor.js).
spawnSync(
  process.execPath,
  [
    path.join(root, 'bin', 'eda-advisor.js'),
    'review',
    ...['designs/flawed-order-saga.yaml', 'asyncapi/streetlights-mqtt-2.6.yml', 'asyncapi/streetlights-mqtt-3.1.yml'].map((f) =>
      path.join(root, 'fixtures', f),
    ),
  ],
  { stdio: 'ignore' },
);
