import { createRequire } from 'node:module';

/**
 * What the bundle loads on demand, and how. bin/eda-advisor.js, the CLI's host, compiles the bundle
 * as CommonJS with V8's code cache, and a script compiled from a code cache cannot import() (Node
 * loses the callback): ES modules are imported by the host. Run from the sources (the tests), these
 * are plain imports. scripts/bundle.js puts the bundle's own functions in place of this module.
 */

/** Imports an ES module by URL or package name (a project's @mermaid-js/mermaid-cli). */
export function importEsm(specifier: string): Promise<unknown> {
  return import(specifier);
}

/**
 * Loads Ink and React, before any module of the walkthrough runs: they are an ES module of their
 * own in the bundle (Ink's layout engine has a top-level await, which CommonJS cannot hold).
 */
export async function loadUi(): Promise<void> {
  // From the sources, the walkthrough's modules import them themselves.
}

/**
 * The `yaml` library, loaded the first time a file needs the full parse or a document is written:
 * most reviews never need it, and their start-up does not pay for it. In the bundle, a require() of
 * the copy bundled with the rest (compiled lazily, and cached with it).
 */
export function loadYaml(): typeof import('yaml') {
  return createRequire(import.meta.url)('yaml') as typeof import('yaml');
}

/**
 * js-yaml, loaded the first time a design is more than the plain reader reads (src/parse/plain-reader.ts):
 * its schemas took half a millisecond of every start. In the bundle, a require() of its copy there.
 */
export function loadJsYaml(): typeof import('js-yaml') {
  return createRequire(import.meta.url)('js-yaml') as typeof import('js-yaml');
}
