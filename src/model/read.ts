import type { Path, Ref } from '../findings.js';
import type { Field, NameRef } from './types.js';

/** Readers for the plain YAML value: each returns undefined for a value of the wrong shape. */
export type Plain = Record<string, unknown>;

export function asMap(value: unknown): Plain | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Plain) : undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function asBool(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

/** Calls `each` with every own entry of a map of names, `x-` extensions left out, in order. */
export function forEachNamed(value: unknown, each: (name: string, raw: unknown) => void): void {
  const map = asMap(value);
  if (!map) return;
  for (const name of Object.keys(map)) if (!name.startsWith('x-')) each(name, map[name]);
}

export function at(file: string, path: Path): Ref {
  return { file, path };
}

/**
 * A name written under `owner` at `key` (and at `index` of a list there). Its Ref, with a path of its
 * own, is made when first asked for: a large design has a hundred thousand names, and findings point
 * at a few of them. `ref` is a getter, so a copy of a WrittenName made by spreading it has no `ref`;
 * copy its ref instead ({ name, ref: written.ref }).
 */
class WrittenName implements NameRef {
  readonly #file: string;
  readonly #owner: Path;
  readonly #key: string;
  readonly #index: number;
  #ref: Ref | undefined;
  constructor(
    readonly name: string,
    file: string,
    owner: Path,
    key: string,
    index: number,
  ) {
    this.#file = file;
    this.#owner = owner;
    this.#key = key;
    this.#index = index;
  }

  get ref(): Ref {
    return (this.#ref ??= { file: this.#file, path: this.#index < 0 ? this.#owner.concat(this.#key) : this.#owner.concat(this.#key, this.#index) });
  }

  /** Written out as the plain { name, ref } it stands for. */
  toJSON(): NameRef {
    return { name: this.name, ref: this.ref };
  }
}

/** A name written as `key: Name`. */
export function nameAt(file: string, owner: Plain | undefined, path: Path, key: string): NameRef | undefined {
  const name = asString(owner?.[key]);
  return name === undefined ? undefined : new WrittenName(name, file, path, key, -1);
}

/** Names written as `key: Name` or `key: [A, B]`. */
export function namesAt(file: string, owner: Plain | undefined, path: Path, key: string): readonly NameRef[] {
  const value = owner?.[key];
  if (typeof value === 'string') return value === '' ? NO_ITEMS : [new WrittenName(value, file, path, key, -1)];
  if (!Array.isArray(value) || value.length === 0) return NO_ITEMS;
  // Every item a name, as nearly always: map sizes the list to them (push leaves room for 17).
  if (value.every((item) => typeof item === 'string' && item !== '')) return value.map((item: string, i) => new WrittenName(item, file, path, key, i));
  const out: NameRef[] = [];
  value.forEach((item, i) => {
    if (typeof item === 'string' && item !== '') out.push(new WrittenName(item, file, path, key, i));
  });
  return out.length === 0 ? NO_ITEMS : out;
}

/**
 * The one empty list of the model: most lists of a design are empty (a service's calls, an event's
 * consumers, a step's sets), and a large design has tens of thousands of them. Frozen, so that no
 * reader can add to it.
 */
export const NO_ITEMS: readonly never[] = Object.freeze([]);

/** `[a, b?]` or `{ a: string, b?: string }`; undefined when the message does not declare fields. */
export function readFields(value: unknown): Field[] | undefined {
  const map = Array.isArray(value) ? undefined : asMap(value);
  const names = Array.isArray(value)
    ? value.every((v) => typeof v === 'string')
      ? (value as string[])
      : value.filter((v): v is string => typeof v === 'string')
    : map
      ? Object.keys(map)
      : undefined;
  return names?.map((raw) => {
    // The map form's value is the field's informative type (`generate go` reads it).
    const type = map?.[raw];
    if (typeof type === 'string' && type.trim() !== '') {
      const field = raw.endsWith('?') ? { name: raw.slice(0, -1), optional: true } : { name: raw, optional: false };
      return { ...field, type: type.trim() };
    }
    // A field without a type is the same wherever it is declared: one object per name (fields repeat
    // across the messages of a design: orderId, amount, …).
    let field = untypedFields.get(raw);
    if (!field) {
      field = Object.freeze(raw.endsWith('?') ? { name: raw.slice(0, -1), optional: true } : { name: raw, optional: false });
      // A long-lived process (mcp) reviews design after design: the names kept stay few.
      if (untypedFields.size >= 10_000) untypedFields.clear();
      untypedFields.set(raw, field);
    }
    return field;
  });
}

/** Untyped fields by how they are written (`orderId`, `note?`). Module-wide: a field holds nothing of its design. */
const untypedFields = new Map<string, Field>();

/** A `map:` of field names; the one frozen empty map when it has no entry (most steps and actions). */
export function readFieldMap(value: unknown): Readonly<Record<string, string>> {
  const m = asMap(value);
  if (!m) return EMPTY_MAP;
  let out: Record<string, string> | undefined;
  for (const k of Object.keys(m)) {
    const v = m[k];
    if (typeof v === 'string') (out ??= Object.create(null) as Record<string, string>)[k] = v;
  }
  return out ?? EMPTY_MAP;
}

export const EMPTY_MAP: Readonly<Record<string, string>> = Object.freeze(Object.create(null) as Record<string, string>);

/**
 * A keyword value as written. A misspelt value ('outboxx') is kept rather than dropped: the schema
 * reports it, and rules, which compare with the values they know, then neither match nor mistake it
 * for an absent key.
 */
export function keyword<T extends string>(value: unknown): T | undefined {
  return asString(value) as T | undefined;
}
