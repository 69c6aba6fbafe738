import type { ErrorObject } from 'ajv';
import validate from '../generated/design-validator.js';
import { formatPath, type Path, type Ref } from '../findings.js';
import { didYouMean, nearest } from '../util/nearest.js';
import { schemaSentence, type SchemaCode, type SchemaData } from './problems.js';

export type { SchemaCode } from './problems.js';

/**
 * One schema violation, at the node where it is fixed: a code from a closed set (see problems.ts)
 * and the data that fills its sentence. `message` is that sentence, made once where the problem is.
 */
export type SchemaProblem = { readonly [C in SchemaCode]: ProblemFacts & { readonly code: C; readonly data: SchemaData<C> } }[SchemaCode];

interface ProblemFacts {
  readonly ref: Omit<Ref, 'file'>;
  readonly message: string;
  /**
   * A misspelt key whose did-you-mean is absent from its map (`corelationKey`): the review reads it
   * as the key meant, so that the typo is one finding, not also the finding its absence causes.
   */
  readonly rename?: { readonly path: Path; readonly from: string; readonly to: string };
  /** The key a `required` error is about. */
  readonly missing?: string;
}

/** A schema problem with its sentence. */
export function schemaProblem<C extends SchemaCode>(
  code: C,
  ref: Omit<Ref, 'file'>,
  data: SchemaData<C>,
  extra: Pick<ProblemFacts, 'rename' | 'missing'> = {},
): Extract<SchemaProblem, { readonly code: C }> {
  return { code, ref, data, message: schemaSentence(code, data), ...extra } as unknown as Extract<SchemaProblem, { readonly code: C }>;
}

interface SchemaNode {
  title?: string;
  description?: string;
  properties?: Record<string, unknown>;
  anyOf?: { required?: string[] }[];
  patternErrorMessage?: string;
}

/**
 * Validates a design's plain value against schemas/design.schema.json (precompiled by
 * scripts/generate.js) and turns ajv's errors into one sentence each, without the noise of the
 * alternatives a value did not take.
 */
export function checkSchema(value: unknown, root = true): SchemaProblem[] {
  if (value === null || value === undefined) return [schemaProblem('empty-file', { path: [] }, {})];
  if (typeof value !== 'object' || Array.isArray(value)) return [schemaProblem('not-a-map', { path: [] }, { got: describe(value) })];
  const foreign = root ? notADesign(value as Record<string, unknown>) : undefined;
  if (foreign) return [foreign];
  if (validate(value)) return [];
  return explainSchemaErrors(value, validate.errors ?? []);
}

/** The top-level keys of schemas/design.schema.json (schema.test.ts keeps the two equal). */
export const DESIGN_KEYS: ReadonlySet<string> = new Set([
  '$schema',
  'version',
  'name',
  'description',
  'imports',
  'contexts',
  'services',
  'commands',
  'events',
  'compensations',
  'processes',
  'infrastructure',
]);

/**
 * Why a map is not a design at all, or undefined when it may be one: it has no `version: 1` and
 * most of its top-level keys are not a design's (package.json, a Compose file, a workflow). Such a
 * file gets this one sentence instead of a finding per foreign key.
 */
export function notADesign(value: Record<string, unknown>): SchemaProblem | undefined {
  if (value.version === 1) return undefined;
  const keys = Object.keys(value);
  const foreign = keys.filter((k) => !DESIGN_KEYS.has(k));
  if (foreign.length === 0 || foreign.length * 2 <= keys.length) return undefined;
  const some = foreign
    .slice(0, 3)
    .map((k) => `'${k}'`)
    .join(', ');
  const has = value.version === undefined ? 'has no `version: 1`' : `has version ${JSON.stringify(value.version)}, not 1,`;
  return schemaProblem('not-a-design', { path: [] }, { has, foreign: foreign.length, keys: keys.length, some: `${some}${foreign.length > 3 ? ', …' : ''}` });
}

/** ajv's errors (from a validator compiled with allErrors and verbose) as one sentence each, without anyOf noise. */
/** What the value's root is called in a sentence: the design, or a rule's options. */
export interface RootNames {
  /** As the subject of a sentence: 'The design'. */
  readonly subject: string;
  /** After a preposition, for a key of the root: 'at the top level'. */
  readonly place: string;
  /** In place of an empty path: '(the document)'. */
  readonly path: string;
}

const DESIGN_ROOT: RootNames = { subject: 'The design', place: 'at the top level', path: '(the document)' };

export function explainSchemaErrors(root: unknown, errors: readonly ErrorObject[], names: RootNames = DESIGN_ROOT): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  // Keys that do not belong at all: errors about what is inside them are noise.
  const forbidden = new Set(errors.filter((e) => e.keyword === 'not').map((e) => e.instancePath));
  const insideForbidden = (pointer: string) => {
    for (let p = pointer; p !== ''; p = p.slice(0, p.lastIndexOf('/'))) if (forbidden.has(p)) return true;
    return false;
  };
  // `anyOf: [{required: [a]}, {required: [b]}]` says "one of a, b"; its branches' errors are folded into it.
  const requiredAt = new Map<string, ErrorObject[]>();
  for (const e of errors) {
    if (e.keyword !== 'required') continue;
    const list = requiredAt.get(e.instancePath);
    if (list) list.push(e);
    else requiredAt.set(e.instancePath, [e]);
  }
  const folded = new Set<ErrorObject>();
  for (const e of errors) {
    if (e.keyword !== 'anyOf') continue;
    const names = ((e.schema as SchemaNode['anyOf']) ?? []).flatMap((b) => b.required ?? []);
    for (const other of requiredAt.get(e.instancePath) ?? []) if (names.includes(other.params.missingProperty)) folded.add(other);
  }
  // A name that breaks `propertyNames` gets ajv's inner error (which says why) and the outer one: said once, with the why.
  const namedWhy = new Set(
    errors.filter((e) => e.propertyName !== undefined && e.keyword !== 'propertyNames').map((e) => `${e.instancePath}\u0000${e.propertyName}`),
  );
  for (const e of errors) {
    if (e.keyword === 'if' || folded.has(e)) continue;
    if (e.keyword === 'propertyNames' && namedWhy.has(`${e.instancePath}\u0000${String(e.params.propertyName)}`)) continue;
    if (e.keyword !== 'not' && forbidden.size > 0 && insideForbidden(e.instancePath)) continue;
    const path = toPath(root, e.instancePath);
    const problem = describeError(e, path, names);
    const key = `${formatPath(problem.ref.path)}\u0000${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  // A required key that a misspelling stands for is said once, by the misspelling.
  const renamed = new Set(problems.flatMap((p) => (p.rename ? [`${formatPath(p.rename.path)}\u0000${p.rename.to}`] : [])));
  return renamed.size === 0 ? problems : problems.filter((p) => p.missing === undefined || !renamed.has(`${formatPath(p.ref.path)}\u0000${p.missing}`));
}

/** The value with each misspelt key of `problems` read as the key meant (copied along the way; the value itself is not changed). */
export function withRenames(value: unknown, problems: readonly SchemaProblem[]): unknown {
  let out = value;
  for (const { rename } of problems) {
    if (!rename) continue;
    const copy = (node: unknown, depth: number): unknown => {
      if (node === null || typeof node !== 'object') return node;
      const clone: Record<string, unknown> | unknown[] = Array.isArray(node) ? [...(node as unknown[])] : { ...(node as Record<string, unknown>) };
      if (depth === rename.path.length) {
        const map = clone as Record<string, unknown>;
        if (!(rename.to in map)) map[rename.to] = map[rename.from];
        return clone;
      }
      const seg = rename.path[depth] as string | number;
      (clone as Record<string | number, unknown>)[seg] = copy((node as Record<string | number, unknown>)[seg], depth + 1);
      return clone;
    };
    out = copy(out, 0);
  }
  return out;
}

function describeError(e: ErrorObject, path: Path, names: RootNames): SchemaProblem {
  const where = path.length === 0 ? names.path : formatPath(path);
  const parent = (e.parentSchema ?? {}) as SchemaNode;
  const data: unknown = e.data;
  const got = describe(data);
  const ref = { path };
  // The schema's description says why, where it has no title of its own to say it.
  const why = parent.title === undefined && parent.description ? ` ${parent.description}` : '';
  if (e.propertyName !== undefined && e.keyword !== 'propertyNames') {
    // What is wrong with a key's name: said at the key, with the schema's words for a good one.
    const form = e.keyword === 'pattern' ? (parent.patternErrorMessage?.replace(/\.$/, '') ?? '') : '';
    return schemaProblem('bad-name', { path: [...path, e.propertyName], at: 'key' }, { name: e.propertyName, where, reason: form ? ` (it ${form})` : '' });
  }
  switch (e.keyword) {
    case 'required': {
      const key = String(e.params.missingProperty);
      return schemaProblem('missing-key', ref, { owner: path.length === 0 ? names.subject : where, key, why }, { missing: key });
    }
    case 'anyOf': {
      const keys = ((e.schema as SchemaNode['anyOf']) ?? []).flatMap((b) => b.required ?? []);
      return schemaProblem('one-of-keys', ref, { where, keys: joinOr(keys.map((n) => `'${n}'`)) });
    }
    case 'additionalProperties': {
      const key = String(e.params.additionalProperty);
      const known = Object.keys(parent.properties ?? {});
      const owner = path.length === 0 ? names.place : `in ${where}`;
      const suggestion = didYouMean(key, known) || ` (known keys: ${known.join(', ')}; extension keys start with x-).`;
      const meant = nearest(key, known);
      const free = meant !== undefined && data !== null && typeof data === 'object' && !(meant in (data as Record<string, unknown>));
      return schemaProblem(
        'unknown-key',
        { path: [...path, key], at: 'key' },
        { key, owner: owner ? ` ${owner}` : '', suggestion },
        free ? { rename: { path, from: key, to: meant } } : {},
      );
    }
    case 'enum': {
      const allowed = (e.params.allowedValues as unknown[]).map(String);
      const suggestion = (typeof data === 'string' ? didYouMean(data, allowed) : '') || '.';
      return schemaProblem('not-a-choice', ref, { where, allowed: allowed.join(', '), got, suggestion });
    }
    case 'const':
      return schemaProblem('wrong-constant', ref, { where, expected: JSON.stringify(e.params.allowedValue), got, why });
    case 'type': {
      const types = ([] as string[]).concat(e.params.type as string | string[]);
      return schemaProblem('wrong-type', ref, { where, expected: joinOr(types.map(typeName)), got });
    }
    case 'pattern': {
      // The schema's own words, which editors show too: one message wherever the design is read.
      if (parent.patternErrorMessage) return schemaProblem('wrong-form', ref, { where, form: parent.patternErrorMessage.replace(/\.$/, ''), got });
      const what = parent.title ? `${article(parent.title.toLowerCase())}` : 'in the right form';
      const how = parent.description ? ` (${parent.description})` : '';
      return schemaProblem('wrong-form', ref, { where, form: `must be ${what}${how}`, got });
    }
    case 'minLength':
      return schemaProblem('empty-text', ref, { where });
    case 'minItems': {
      const limit = e.params.limit as number;
      return schemaProblem('too-few-items', ref, { where, limit, items: limit === 1 ? 'item' : 'items' });
    }
    case 'minProperties': {
      const limit = e.params.limit as number;
      return schemaProblem('too-few-entries', ref, { where, limit, entries: limit === 1 ? 'entry' : 'entries' });
    }
    case 'minimum':
      return schemaProblem('too-small', ref, { where, limit: e.params.limit as number, got });
    case 'not':
      return schemaProblem('forbidden-key', { path, at: 'key' }, { where, why: parent.description ?? 'this key does not belong here.' });
    case 'propertyNames': {
      const name = String(e.params.propertyName);
      return schemaProblem('bad-name', { path: [...path, name], at: 'key' }, { name, where, reason: '' });
    }
    default:
      return schemaProblem('invalid', ref, { where, reason: e.message ?? 'is not valid' });
  }
}

/** JSON Pointer segments to a path, with list indexes as numbers. */
function toPath(root: unknown, pointer: string): Path {
  if (pointer === '') return [];
  const path: (string | number)[] = [];
  let node: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      const index = Number(seg);
      path.push(index);
      node = node[index];
    } else {
      path.push(seg);
      node = node !== null && typeof node === 'object' && Object.hasOwn(node, seg) ? (node as Record<string, unknown>)[seg] : undefined;
    }
  }
  return path;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  array: 'a list',
  object: 'a map',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  null: 'empty',
};

function typeName(type: string): string {
  return TYPE_NAMES[type] ?? type;
}

/** How a value reads in a message: 'outboxx', a list, a map, 3, true, nothing. */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'string') return `'${value.length > 60 ? `${value.slice(0, 57)}...` : value}'`;
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  return String(value);
}

function joinOr(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function article(noun: string): string {
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}
