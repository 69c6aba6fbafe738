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

/** Own entries of a map of names, without `x-` extensions. */
export function namedEntries(value: unknown): [string, unknown][] {
  const map = asMap(value);
  if (!map) return [];
  return Object.keys(map)
    .filter((k) => !k.startsWith('x-'))
    .map((k) => [k, map[k]]);
}

export function at(file: string, path: Path): Ref {
  return { file, path };
}

/** A name written as `key: Name`. */
export function nameAt(file: string, owner: Plain | undefined, path: Path, key: string): NameRef | undefined {
  const name = asString(owner?.[key]);
  return name === undefined ? undefined : { name, ref: { file, path: [...path, key] } };
}

/** Names written as `key: Name` or `key: [A, B]`. */
export function namesAt(file: string, owner: Plain | undefined, path: Path, key: string): NameRef[] {
  const value = owner?.[key];
  if (typeof value === 'string') return value === '' ? [] : [{ name: value, ref: { file, path: [...path, key] } }];
  if (!Array.isArray(value)) return [];
  const out: NameRef[] = [];
  value.forEach((item, i) => {
    if (typeof item === 'string' && item !== '') out.push({ name: item, ref: { file, path: [...path, key, i] } });
  });
  return out;
}

/** `[a, b?]` or `{ a: string, b?: string }`; undefined when the message does not declare fields. */
export function readFields(value: unknown): Field[] | undefined {
  const map = Array.isArray(value) ? undefined : asMap(value);
  const names = Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : map ? Object.keys(map) : undefined;
  return names?.map((raw) => {
    // The map form's value is the field's informative type (`generate go` reads it).
    const type = map?.[raw];
    const field = raw.endsWith('?') ? { name: raw.slice(0, -1), optional: true } : { name: raw, optional: false };
    return typeof type === 'string' && type.trim() !== '' ? { ...field, type: type.trim() } : field;
  });
}

export function readFieldMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, v] of Object.entries(asMap(value) ?? {})) if (typeof v === 'string') out[k] = v;
  return out;
}

/**
 * A keyword value as written. A misspelt value ('outboxx') is kept rather than dropped: the schema
 * reports it, and rules, which compare with the values they know, then neither match nor mistake it
 * for an absent key.
 */
export function keyword<T extends string>(value: unknown): T | undefined {
  return asString(value) as T | undefined;
}
