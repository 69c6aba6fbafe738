import type { ErrorObject } from 'ajv';
import { formatPath, type Path } from '../findings.js';

type Validate = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/** The validator of each AsyncAPI version, generated from @asyncapi/specs (scripts/generate.js), each loaded when a document of its version comes. */
const VALIDATORS: Readonly<Record<string, () => Promise<{ default: Validate }>>> = {
  '2.0.0': () => import('../generated/asyncapi/v2_0_0.js'),
  '2.1.0': () => import('../generated/asyncapi/v2_1_0.js'),
  '2.2.0': () => import('../generated/asyncapi/v2_2_0.js'),
  '2.3.0': () => import('../generated/asyncapi/v2_3_0.js'),
  '2.4.0': () => import('../generated/asyncapi/v2_4_0.js'),
  '2.5.0': () => import('../generated/asyncapi/v2_5_0.js'),
  '2.6.0': () => import('../generated/asyncapi/v2_6_0.js'),
  '3.0.0': () => import('../generated/asyncapi/v3_0_0.js'),
  '3.1.0': () => import('../generated/asyncapi/v3_1_0.js'),
};

export const ASYNCAPI_VERSIONS = Object.keys(VALIDATORS);

/** One violation of the AsyncAPI schema, at the node where it is fixed. */
export interface SpecProblem {
  readonly path: Path;
  readonly message: string;
}

/**
 * Validates a document against the official JSON Schema of its AsyncAPI version, `$ref`s as written
 * (the schema allows a Reference Object wherever one may stand). ajv reports every branch of every
 * `oneOf` that did not match; only the errors that say what to fix are kept: the deepest ones, not
 * the alternatives a value did not take (a Reference Object where the value is no reference).
 */
export async function validateAsyncApi(document: Record<string, unknown>, version: string): Promise<SpecProblem[]> {
  const load = VALIDATORS[version];
  if (!load) return [];
  const validate = (await load()).default;
  if (validate(document)) return [];
  const errors = (validate.errors ?? []).filter((e) => !['oneOf', 'anyOf', 'if', 'not', 'allOf', 'else', 'then'].includes(e.keyword));
  const located = errors
    .filter((e) => !(isReferenceBranch(e) && !isRef(valueAt(document, e.instancePath))))
    .map((e) => ({ e, path: toPath(e.instancePath, e.keyword === 'additionalProperties' ? String(e.params.additionalProperty) : undefined) }));
  // The deepest errors say what to fix; an error about a node that has errors inside it is their echo.
  const deeper = (p: Path) => located.some((l) => within(l.path, p) && l.path.length > p.length);
  const validatedSomewhere = (p: Path) => located.some((l) => l.e.keyword !== 'additionalProperties' && within(l.path, p));
  const seen = new Set<string>();
  const out: SpecProblem[] = [];
  for (const { e, path } of located) {
    if (e.keyword !== 'additionalProperties' && deeper(path)) continue;
    // A property one branch forbids and another validates is known: its own errors are the ones to fix.
    if (e.keyword === 'additionalProperties' && validatedSomewhere(path)) continue;
    const message = describe(e, path);
    const key = `${JSON.stringify(path)}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path, message });
  }
  // Nothing left after the filtering (every error was an alternative): the first error as ajv gives it.
  if (out.length === 0 && validate.errors?.[0]) {
    const e = validate.errors[0];
    out.push({ path: toPath(e.instancePath), message: describe(e, toPath(e.instancePath)) });
  }
  return out;
}

/** Whether `inner` names the node `outer` names, or one inside it. */
function within(inner: Path, outer: Path): boolean {
  return inner.length >= outer.length && outer.every((seg, i) => inner[i] === seg);
}

function isReferenceBranch(e: ErrorObject): boolean {
  return /Reference(?:\.json|Object)?(?:[/#]|$)/.test(e.schemaPath);
}

function isRef(value: unknown): boolean {
  return value !== null && typeof value === 'object' && '$ref' in value;
}

function valueAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const seg of toPath(pointer)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[seg];
  }
  return node;
}

function toPath(pointer: string, last?: string): Path {
  const path: (string | number)[] =
    pointer === ''
      ? []
      : pointer
          .slice(1)
          .split('/')
          .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
          .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  if (last !== undefined) path.push(last);
  return path;
}

/** The error in a sentence, naming the node as the document does: `channels.lightsDim.publish`. */
function describe(e: ErrorObject, path: Path): string {
  const where = path.length === 0 ? 'The document' : `'${formatPath(path)}'`;
  switch (e.keyword) {
    case 'required':
      return `${where} is missing the required property '${String(e.params.missingProperty)}'`;
    case 'additionalProperties':
      return `${where} is not a property AsyncAPI knows here (extensions start with x-)`;
    case 'type':
      return `${where} must be ${[].concat(e.params.type as never).join(' or ')}`;
    case 'enum':
      return `${where} must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `${where} must be ${JSON.stringify(e.params.allowedValue)}`;
    case 'pattern':
      return `${where} must match ${String(e.params.pattern)}`;
    case 'propertyNames':
      return `${where} has a key that is not a valid name`;
    default:
      return `${where} ${e.message ?? 'is not valid'}`;
  }
}
