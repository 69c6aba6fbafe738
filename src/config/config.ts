import { existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import type { Level } from '../engine/run.js';
import { InputError } from '../errors.js';
import type { Path, Severity } from '../findings.js';
import * as validators from '../generated/config-validators.js';
import { loadSource } from '../parse/load.js';
import { locate } from '../parse/locate.js';
import { explainSchemaErrors } from '../parse/schema.js';
import { parseYaml } from '../parse/yaml.js';
import { CONFIGURABLE_IDS } from '../rules/ids.js';
import { didYouMean } from '../util/nearest.js';
import { repositoryOf } from '../util/paths.js';
import { PRESET_NAMES, preset, type PresetName } from './presets.js';

export const CONFIG_NAMES = ['.eda-advisor.yaml', '.eda-advisor.yml'];

type Options = Readonly<Record<string, unknown>>;

/** Rule settings of one layer: a preset, a configuration file, an override. */
interface Layer {
  readonly levels: ReadonlyMap<string, Level>;
  readonly options: ReadonlyMap<string, Options>;
  readonly raise?: Readonly<Partial<Record<Severity, Severity>>>;
}

interface Override {
  readonly matches: (relative: string) => boolean;
  readonly layer: Layer;
}

/** A configuration file and everything it extends, resolved. */
export interface Config {
  readonly file: string;
  readonly dir: string;
  readonly layers: readonly Layer[];
  readonly overrides: readonly Override[];
  readonly ignore: (relative: string) => boolean;
}

/** The settings that apply to one design file. */
export interface FileSettings {
  readonly levels: Map<string, Level>;
  readonly options: Map<string, Options>;
  readonly raise: Partial<Record<Severity, Severity>>;
  readonly ignored: boolean;
}

/** A configuration that cannot be used: exit 2, with the file, line and column. */
export class ConfigError extends InputError {}

/** The nearest .eda-advisor.yaml walking up from a design file's folder, if any. */
export function findConfig(designFile: string): string | undefined {
  let dir = path.resolve(path.dirname(designFile));
  for (;;) {
    for (const name of CONFIG_NAMES) {
      const candidate = path.join(dir, name);
      if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** At most this many ignorePatterns, and this many overrides, in one configuration file. */
const MAX_GLOBS = 1000;

/** Reads, validates and resolves a configuration file and what it extends. Throws ConfigError. */
export function loadConfig(file: string, seen: readonly string[] = []): Config {
  const abs = path.resolve(file);
  if (seen.includes(abs)) throw new ConfigError(file, `extends itself through ${[...seen, abs].map((f) => path.relative(process.cwd(), f)).join(' → ')}.`);
  const source = loadSource(file);
  const parsed = parseYaml(source);
  const fail = (at: Path, message: string, key?: 'key'): never => {
    const pos = locate(parsed, { file: source.file, path: at, ...(key ? { at: key } : {}) });
    throw new ConfigError(`${source.file}:${pos.line}:${pos.column}`, message);
  };
  const syntax = parsed.problems[0];
  if (syntax) {
    const pos = parsed.lines.linePos(syntax.start);
    throw new ConfigError(`${source.file}:${pos.line}:${pos.col}`, syntax.message);
  }
  const value = parsed.value ?? {};
  // Whatever the file holds is not quoted: a file that is no configuration (a .env) may hold secrets.
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    fail([], 'is not a configuration: it holds no map of keys (extends, rules, overrides, ignorePatterns).');
  if (!validators.config(value)) {
    const first = explainSchemaErrors(value, validators.config.errors ?? [])[0];
    fail(first?.ref.path ?? [], first?.message ?? 'is not a valid configuration.', first?.ref.at);
  }
  const raw = value as {
    extends?: string | string[];
    rules?: Record<string, unknown>;
    overrides?: { files: string | string[]; rules: Record<string, unknown> }[];
    ignorePatterns?: string[];
  };
  // Globs are compiled into one matcher each and every design file is tested against all of them:
  // a configuration is written by people, and tens of thousands of globs cost seconds per file.
  if ((raw.ignorePatterns?.length ?? 0) > MAX_GLOBS)
    fail(
      ['ignorePatterns', MAX_GLOBS],
      `holds ${raw.ignorePatterns?.length} ignorePatterns; a configuration holds at most ${MAX_GLOBS} (use broader globs, such as generated/**).`,
    );
  if ((raw.overrides?.length ?? 0) > MAX_GLOBS)
    fail(['overrides', MAX_GLOBS], `holds ${raw.overrides?.length} overrides; a configuration holds at most ${MAX_GLOBS} (group files under broader globs).`);
  const dir = path.dirname(abs);
  const layers: Layer[] = [];
  const bases = raw.extends === undefined ? [] : ([] as string[]).concat(raw.extends);
  bases.forEach((base, i) => {
    const at = Array.isArray(raw.extends) ? ['extends', i] : ['extends'];
    if (base.startsWith('eda-advisor:')) {
      if (!(PRESET_NAMES as readonly string[]).includes(base))
        fail(at, `'${base}' is not a preset${didYouMean(base, PRESET_NAMES) || `; the presets are ${PRESET_NAMES.join(', ')}.`}`);
      layers.push({ ...preset(base as PresetName), options: new Map() });
      return;
    }
    const target = path.resolve(dir, base);
    if (!/\.(ya?ml|json)$/i.test(target)) fail(at, `extends '${base}', which is not a configuration file: name a .yaml, .yml or .json file (or a preset).`);
    if (!existsSync(target)) fail(at, `extends '${base}', which does not exist.`);
    // A configuration extends others of its repository (packages in node_modules included), never a file elsewhere.
    const repository = repositoryOf(dir);
    const real = realpathSync(target);
    if (real !== repository && !real.startsWith(`${repository}${path.sep}`))
      fail(at, `extends '${base}', which is outside the repository (${repository}); a configuration extends files inside it.`);
    const extended = loadConfig(target, [...seen, abs]);
    layers.push(...extended.layers);
  });
  layers.push(readRules(raw.rules, ['rules'], fail));
  const overrides = (raw.overrides ?? []).map((o, i) => {
    const globs = ([] as string[]).concat(o.files);
    return { matches: picomatch(globs, { dot: true }), layer: readRules(o.rules, ['overrides', i, 'rules'], fail) };
  });
  const ignore = raw.ignorePatterns && raw.ignorePatterns.length > 0 ? picomatch(raw.ignorePatterns, { dot: true }) : () => false;
  return { file: source.file, dir, layers, overrides, ignore };
}

function readRules(rules: Record<string, unknown> | undefined, at: Path, fail: (at: Path, message: string, key?: 'key') => never): Layer {
  const levels = new Map<string, Level>();
  const options = new Map<string, Options>();
  for (const [id, setting] of Object.entries(rules ?? {})) {
    if (!CONFIGURABLE_IDS.includes(id))
      fail([...at, id], `'${id}' is not a rule id${didYouMean(id, CONFIGURABLE_IDS) || '; eda-advisor rules lists them.'}`, 'key');
    if (id === 'yaml-syntax') fail([...at, id], "'yaml-syntax' cannot be reconfigured: a file that does not parse cannot be reviewed.", 'key');
    const [level, opts] = Array.isArray(setting) ? (setting as [Level, Options?]) : [setting as Level, undefined];
    levels.set(id, level);
    if (opts === undefined) continue;
    const validate = validators[`options_${id.replace(/-/g, '_')}` as keyof typeof validators];
    if (!validate(opts)) {
      // The sentence is made once, naming the root as the options (no editing of it afterwards).
      const first = explainSchemaErrors(opts, validate.errors ?? [], { subject: 'The options', place: '', path: 'the options' })[0];
      const sub = first?.ref.path ?? [];
      const message = first?.message ?? 'are not valid.';
      fail([...at, id, 1, ...sub], `${id} options: ${message}`, first?.ref.at);
    }
    options.set(id, opts);
  }
  return { levels, options };
}

/** The settings for one design file: presets and extended files, the file's rules, the overrides that match it, then the command line. */
export function settingsFor(config: Config | undefined, designFile: string, cli: ReadonlyMap<string, Level>): FileSettings {
  const levels = new Map<string, Level>();
  const options = new Map<string, Options>();
  const raise: Partial<Record<Severity, Severity>> = {};
  const apply = (layer: Layer) => {
    for (const [id, level] of layer.levels) levels.set(id, level);
    for (const [id, o] of layer.options) options.set(id, o);
    Object.assign(raise, layer.raise ?? {});
  };
  let ignored = false;
  if (config) {
    for (const layer of config.layers) apply(layer);
    const relative = path.relative(config.dir, path.resolve(designFile)).split(path.sep).join('/');
    for (const o of config.overrides) if (o.matches(relative)) apply(o.layer);
    ignored = config.ignore(relative);
  }
  for (const [id, level] of cli) levels.set(id, level);
  return { levels, options, raise, ignored };
}
