#!/usr/bin/env node
// Bundles the CLI with esbuild for bin/eda-advisor.js, which compiles it with V8's code cache (Node
// 20 has no compile cache of its own). What it writes to dist/:
// - cli.js: the CLI, one CommonJS bundle (a script with a code cache has to be CommonJS: Node
//   compiles ES modules itself and keeps nothing between runs). Everything but the parts below is
//   in it; what a command does not use costs only its reading, as V8 compiles functions lazily.
// - asyncapi/v*.js: the validator of each AsyncAPI version (0.6 MB each), CommonJS, cached the same
//   way, each required when a document of its version comes.
// - vendor/anthropic.js, mcp.js, bpmn.js: the libraries of guidance --llm, mcp and the BPMN importer,
//   CommonJS and cached the same way, each required when a module that imports it first runs.
// - vendor/ui.js: Ink and React, an ES module: Ink's layout engine (yoga-layout) has a top-level
//   await, which CommonJS cannot hold. The host imports it for the walkthrough (src/util/host.ts).
// The files are .js, as `files` in package.json ships them; the CommonJS ones are no modules to
// import: the host loads them.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
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
// The libraries of the commands that few runs use, each a CommonJS file of dist/vendor with a code
// cache of its own, required when a command needs it: in cli.js they were a third of its size, and
// every start read them and deserialized their modules' top level (about 5 ms of an AsyncAPI review).
// A library its file holds is one instance there, whoever imports it (the MCP SDK and our server share ajv).
const VENDOR = {
  anthropic: ['@anthropic-ai/sdk', '@anthropic-ai/sdk/lib/transform-json-schema'],
  mcp: ['@modelcontextprotocol/sdk/server/index.js', '@modelcontextprotocol/sdk/server/stdio.js', '@modelcontextprotocol/sdk/types.js', 'ajv'],
  bpmn: ['bpmn-moddle'],
};
/** The names each vendored module exports, read from its built file. */
const exportsOf = new Map();
const vendorOf = new Map(Object.entries(VENDOR).flatMap(([file, specifiers]) => specifiers.map((s) => [s, file])));
/** The entry of a vendor file: every module it holds, by the specifier our sources import. */
const vendorEntry = (specifiers) =>
  `${specifiers.map((m, i) => `import * as m${i} from '${m}';`).join('\n')}\nexport const modules = { ${specifiers.map((m, i) => `'${m}': m${i}`).join(', ')} };`;
/** Node's built-in modules that only some commands use: loaded the first time one of their functions is called. */
const LAZY_BUILTINS = { child_process: ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] };
const validators = readdirSync(path.join(root, 'src', 'generated', 'asyncapi')).filter((f) => /^v\d+_\d+_\d+\.js$/.test(f));

/** The parts of the core that the host provides or that live in files of their own. */
const host = {
  name: 'eda-advisor-host',
  setup(b) {
    // src/util/host.ts becomes the host's own functions, and a require() of the yaml bundled here.
    b.onLoad({ filter: /[\\/]src[\\/]util[\\/]host\.ts$/ }, () => ({
      contents:
        "import host from 'eda-advisor:host';\nexport const importEsm = (s) => host.importEsm(s);\nexport const loadUi = () => host.loadUi();\nexport const loadYaml = () => require('yaml');\nexport const loadJsYaml = () => require('js-yaml');",
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
    // A library of dist/vendor: a module that takes its exports from the file that holds it (read
    // once, when a module that imports the library first runs).
    const vendored = new RegExp(`^(${[...vendorOf.keys()].map((s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`);
    b.onResolve({ filter: vendored }, (args) => ({ path: args.path, namespace: 'eda-vendor' }));
    b.onLoad({ filter: /.*/, namespace: 'eda-vendor' }, (args) => {
      const names = exportsOf.get(args.path) ?? [];
      const named = names.filter((n) => n !== 'default');
      return {
        contents: [
          `const m = require(${JSON.stringify(`./vendor/${vendorOf.get(args.path)}.js`)}).modules[${JSON.stringify(args.path)}];`,
          ...(names.includes('default') ? ['export default m.default;'] : []),
          ...(named.length > 0 ? [`export const { ${named.join(', ')} } = m;`] : []),
        ].join('\n'),
        loader: 'js',
        resolveDir: root,
      };
    });
    b.onResolve({ filter: /^\.\/vendor\//, namespace: 'eda-vendor' }, (args) => ({ path: args.path, external: true }));
    // Chalk finds out at load whether standard output is a terminal (supports-color), which loads
    // tty and net, 2 to 3 ms of every start. Our formatters give each Chalk its level (useColor in
    // commands/options.ts decides), so chalk's own default instance, the only reader, is left uncoloured.
    b.onResolve({ filter: /^#supports-color$/ }, () => ({ path: 'supports-color', namespace: 'eda-no-color-detection' }));
    b.onLoad({ filter: /.*/, namespace: 'eda-no-color-detection' }, () => ({
      contents: 'export const createSupportsColor = () => false;\nexport default { stdout: false, stderr: false };',
      loader: 'js',
    }));
    // child_process and what it loads (net, dgram) took 1.8 ms of every start, for commander's
    // executable subcommands, which we have none of, and for git (--since).
    const lazy = new RegExp(`^(node:)?(${Object.keys(LAZY_BUILTINS).join('|')})$`);
    b.onResolve({ filter: lazy, namespace: 'eda-lazy' }, (args) => ({ path: args.path, external: true }));
    b.onResolve({ filter: lazy }, (args) => ({ path: args.path.replace(/^node:/, ''), namespace: 'eda-lazy' }));
    b.onLoad({ filter: /.*/, namespace: 'eda-lazy' }, (args) => ({
      // An ES module, so that the build fails on an import of a name it does not forward.
      contents: `let m;\nconst real = () => (m ??= require('node:${args.path}'));\n${LAZY_BUILTINS[args.path].map((f) => `export const ${f} = (...a) => real().${f}(...a);`).join('\n')}`,
      loader: 'js',
    }));
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

// The vendor files first: the core's modules of one line re-export the names each library exports.
const vendors = await Promise.all(
  Object.entries(VENDOR).map(([file, specifiers]) =>
    build({
      ...commonJs,
      stdin: { contents: vendorEntry(specifiers), resolveDir: root, loader: 'js', sourcefile: `vendor-${file}.js` },
      outfile: path.join(dist, 'vendor', `${file}.js`),
      metafile: true,
    }),
  ),
);
for (const file of Object.keys(VENDOR)) {
  // Run as the host runs it: a .js file here is an ES module to Node's own loader.
  const built = path.join(dist, 'vendor', `${file}.js`);
  const module = { exports: {} };
  new Function('exports', 'require', 'module', '__filename', '__dirname', readFileSync(built, 'utf8'))(
    module.exports,
    createRequire(built),
    module,
    built,
    path.dirname(built),
  );
  const { modules } = module.exports;
  for (const [specifier, namespace] of Object.entries(modules)) exportsOf.set(specifier, Object.keys(namespace));
}
const built = await Promise.all([
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
// The last build is vendor/ui.js, an ES module: every other output is CommonJS.
const commonJsOutputs = [...vendors, ...built.slice(0, -1)];
for (const result of commonJsOutputs) checkNoDynamicImport(result);

// One character past ASCII (pluralize's /pok[eé]mon$/i, which esbuild leaves as written in a regular
// expression) makes Node decode the whole bundle into a two-byte string: 8 ms instead of 1.5 at every
// start. Each becomes its \u escape, which means the same in a string, a regular expression or a
// comment.
for (const file of commonJsOutputs.flatMap((r) =>
  Object.keys(r.metafile.outputs)
    .filter((f) => f.endsWith('.js'))
    .map((f) => path.join(root, f)),
)) {
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
