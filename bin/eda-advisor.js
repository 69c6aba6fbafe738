#!/usr/bin/env node
// The CLI's host. It runs dist/cli.js, a CommonJS bundle, compiled with V8's code cache: compiling
// the bundle anew was a third of what a review of a small design spent beyond Node's own start, and
// Node 20 keeps no compiled code between runs (module.enableCompileCache came in 22.1, and does not
// cover code compiled by hand). The cache of each file is written, once, when the run ends, to
// dist/.cache (NODE_COMPILE_CACHE names another folder; NODE_DISABLE_COMPILE_CACHE=1 turns it off).
// A cache that does not match the file or this Node.js is ignored and written anew; a folder that
// cannot be written means no cache, never an error. src/util/host.ts says what else the host does.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');
const { createRequire } = Module;
const { pathToFileURL } = require('node:url');

// V8's optimizing compiler is tuned for pages and servers that run for minutes. A run of the CLI is
// over in a second: most of its code runs over one design, once, and what the compiler spends on a
// function is rarely earned back. Two of its settings are changed for that, before any of our code
// is compiled: no inlining (each function is compiled alone: a quarter less compile work), and a
// function is optimized after four times the work (fewer optimized, those that are, hot). Measured
// on the 5,000-service design with findings: about 12 % less time and a quarter less CPU (README,
// Performance). Either setting given to Node itself (NODE_OPTIONS, node --interrupt-budget=…) is
// left as given. V8 reads them as it compiles, so they can be changed at run time; the code cache
// made with them is taken by a run without them, and the other way round (neither is in its check).
const v8 = require('node:v8');
const nodeFlags = `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`;
if (!/--(no-)?turbo-inlining\b/.test(nodeFlags)) v8.setFlagsFromString('--no-turbo-inlining');
if (!/--interrupt-budget\b/.test(nodeFlags)) v8.setFlagsFromString('--interrupt-budget=264000');

// The bundle is minified; a debugging run maps stack traces back to the sources.
const debug = Boolean(process.env.EDA_ADVISOR_DEBUG);
if (debug) process.setSourceMapsEnabled(true);

const dist = path.join(__dirname, '..', 'dist');
const nodeRequire = createRequire(path.join(dist, 'cli.js'));
const useCache = !process.env.NODE_DISABLE_COMPILE_CACHE;
const cacheDir = process.env.NODE_COMPILE_CACHE ? path.resolve(process.env.NODE_COMPILE_CACHE) : path.join(dist, '.cache');
// The head of a cache file: the size and modification time of the file it was made from.
const HEAD = 16;

/** @type {{ modules: Record<string, unknown> } | undefined} */
let ui;
const host = {
  /** @param {string} specifier */
  importEsm: (specifier) => import(specifier),
  async loadUi() {
    ui ??= await import(pathToFileURL(path.join(dist, 'vendor', 'ui.js')).href);
  },
  /** @param {string} name */
  ui(name) {
    if (!ui) throw new Error(`${name} was required before the host loaded the UI modules (loadUi)`);
    return ui.modules[name];
  },
};

/** @param {string} id */
function hostRequire(id) {
  if (id === 'eda-advisor:host') return host;
  if (id.startsWith('./')) return load(path.join(dist, id));
  return nodeRequire(id);
}
hostRequire.resolve = nodeRequire.resolve;

/** @type {Map<string, { exports: unknown }>} */
const loaded = new Map();
/** @type {{ script: vm.Script, file: string, stamp: Buffer }[]} */
const toWrite = [];

/** Runs one CommonJS file of dist/ with its code cache, once. @param {string} file */
function load(file) {
  const done = loaded.get(file);
  if (done) return done.exports;
  // The build makes every file it loads ASCII (scripts/bundle.js): latin1 reads it as UTF-8 would, in half the time.
  const source = fs.readFileSync(file, 'latin1');
  if (debug) return loadMapped(file, source);
  const stat = fs.statSync(file);
  const stamp = Buffer.alloc(HEAD);
  stamp.writeDoubleLE(stat.size, 0);
  stamp.writeDoubleLE(stat.mtimeMs, 8);
  const cacheFile = path.join(cacheDir, `${path.relative(dist, file).replaceAll(path.sep, '-')}-${process.version}-${process.arch}.cache`);
  let cachedData;
  if (useCache) {
    try {
      const data = fs.readFileSync(cacheFile);
      if (data.subarray(0, HEAD).equals(stamp)) cachedData = data.subarray(HEAD);
    } catch {
      // no cache yet
    }
  }
  // The wrapper's head is a line of its own, so that lines and columns are the file's.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {\n${source}\n})`, {
    filename: file,
    lineOffset: -1,
    ...(cachedData ? { cachedData } : {}),
  });
  if (useCache && (!cachedData || script.cachedDataRejected)) toWrite.push({ script, file: cacheFile, stamp });
  const module = { exports: {} };
  loaded.set(file, module);
  script.runInThisContext().call(module.exports, module.exports, hostRequire, module, file, path.dirname(file));
  return module.exports;
}

/**
 * A debugging run: Node maps stack traces to the sources only in what its own loader compiled, so
 * the file is compiled by it, without the cache. @param {string} file @param {string} source
 */
function loadMapped(file, source) {
  const mod = new Module(file);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(path.dirname(file));
  mod.require = hostRequire;
  loaded.set(file, mod);
  mod._compile(source, file);
  return mod.exports;
}

// The cache is made when the run ends, so that it holds the functions the run compiled, not only
// the top level. Each file is written whole (a temporary file renamed) or not at all.
process.once('exit', () => {
  if (toWrite.length === 0) return;
  for (const { script, file, stamp } of toWrite) {
    const temporary = `${file}.${process.pid}`;
    try {
      fs.mkdirSync(cacheDir, { recursive: true });
      fs.writeFileSync(temporary, Buffer.concat([stamp, script.createCachedData()]));
      fs.renameSync(temporary, file);
    } catch {
      // a folder that cannot be written, a full disk: the next run compiles again
      try {
        fs.rmSync(temporary, { force: true });
      } catch {
        // no folder to hold it, so no temporary file either
      }
    }
  }
});

load(path.join(dist, 'cli.js'));
