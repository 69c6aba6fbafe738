import { interpolate, type DataOf } from '../util/interpolate.js';

/**
 * Every sentence a parse problem can say, as a template with `{{placeholders}}`: the one place
 * where a syntax or schema problem's words are made. A problem carries its code and the data that
 * fills the template; code that tells problems apart reads the code, never the sentence. The
 * `schema` and `yaml-syntax` rules use these tables as their messages, so a finding's messageId is
 * its code and its data is the problem's.
 */
export const SCHEMA_MESSAGES = {
  'empty-file': 'The file is empty; a design starts with `version: 1` and `name: <design name>`.',
  'not-a-map': 'A design is a map of keys (version, name, services, …); this file holds {{got}}.',
  'not-a-design':
    'Not a design: the file {{has}} and {{foreign}} of its {{keys}} top-level keys ({{some}}) are not keys of a design. A design file starts with version: 1 and name:; a part of one is reviewed through the design that imports it.',
  /** `why`: the schema's description of the owner, after a space, or nothing. */
  'missing-key': "{{owner}} is missing the required key '{{key}}'.{{why}}",
  'one-of-keys': '{{where}} needs one of {{keys}}.',
  /** `owner`: " in services.Orders" or " at the top level"; `suggestion`: " — did you mean 'x'?" or the known keys. */
  'unknown-key': "Unknown key '{{key}}'{{owner}}{{suggestion}}",
  /** `suggestion`: " — did you mean 'x'?" or "." */
  'not-a-choice': '{{where}} must be one of {{allowed}}; got {{got}}{{suggestion}}',
  'wrong-constant': '{{where}} must be {{expected}}; got {{got}}.{{why}}',
  'wrong-type': '{{where}} must be {{expected}}; got {{got}}.',
  /** `form`: the schema's words for the pattern ("must be a duration (30s, 5m, …)"). */
  'wrong-form': '{{where}} {{form}}; got {{got}}.',
  'empty-text': '{{where}} must not be empty.',
  'too-few-items': '{{where}} must list at least {{limit}} {{items}}.',
  'too-few-entries': '{{where}} must declare at least {{limit}} {{entries}}.',
  'too-small': '{{where}} must be at least {{limit}}; got {{got}}.',
  /** `why`: the schema's reason the key does not belong. */
  'forbidden-key': '{{where}}: {{why}}',
  /** `reason`: " (it must be …)", the schema's words for a good name, or nothing. */
  'bad-name': "'{{name}}' in {{where}} is not a valid name{{reason}}.",
  /** A schema keyword the explainer has no words of its own for: ajv's. */
  invalid: '{{where}} {{reason}}.',
  tag: '{{node}} is tagged {{tag}}, which makes it {{what}}: a design is plain maps, lists and scalars. Remove the tag.',
  'import-glob-outside': "imports '{{pattern}}', a glob that reaches outside the root file's folder {{tree}}; imports stay inside the design's folder tree.",
  'import-no-match': "imports '{{pattern}}', which matches no file.",
  'import-outside': "imports '{{pattern}}', which resolves to {{file}}, outside the root file's folder {{tree}}; imports stay inside the design's folder tree.",
  'import-links-outside':
    "imports '{{pattern}}', which matches {{count}} {{files}} outside the root file's folder {{tree}} (through symbolic links); imports stay inside the design's folder tree.",
  'import-cycle': "imports '{{pattern}}', which makes an import cycle: {{cycle}}.",
  'import-not-a-file': "imports '{{pattern}}', which names {{file}}, not a regular file; it is skipped.",
  'import-from-stdin': 'A design read from standard input cannot import files; name the root file instead.',
  /** `reason`: why the file could not be read, a sentence of its own. */
  'import-unreadable': "imports '{{pattern}}': {{reason}}",
} as const;

export type SchemaCode = keyof typeof SCHEMA_MESSAGES;
export type ImportCode = Extract<SchemaCode, `import-${string}`>;
export type SchemaData<C extends SchemaCode> = DataOf<(typeof SCHEMA_MESSAGES)[C]>;

/**
 * What a YAML syntax problem says. `said` is the `yaml` library's own sentence for the problems it
 * words well enough; each template ends in `{{end}}`: a full stop, or how many more times the same
 * problem occurs below.
 */
export const SYNTAX_MESSAGES = {
  parser: '{{said}}{{end}}',
  'duplicate-key': "The key '{{key}}' appears twice in the same map{{end}}",
  'duplicate-key-unnamed': 'A key appears twice in the same map{{end}}',
  'unclosed-quote': 'This quoted string is never closed (a closing {{quote}} is missing){{end}}',
  'multiple-docs': 'The file holds {{count}} YAML documents; a design file holds one{{end}}',
  'too-deep': 'The document nests more than {{limit}} levels deep; a design needs about ten{{end}}',
  'alias-expansion': 'Aliases in this document expand to {{howFar}} than a design can hold (an alias bomb?){{end}}',
} as const;

export type SyntaxKind = keyof typeof SYNTAX_MESSAGES;
export type SyntaxData<K extends SyntaxKind> = Omit<DataOf<(typeof SYNTAX_MESSAGES)[K]>, 'end'>;

/** The sentence of a schema problem. */
export function schemaSentence<C extends SchemaCode>(code: C, data: SchemaData<C>): string {
  return interpolate(SCHEMA_MESSAGES[code], data as Readonly<Record<string, string | number>>);
}

/** How a syntax sentence ends: a full stop (unless it has its own), or the count of the same problem below. */
function syntaxEnd(sentence: string, repeats: number): string {
  if (repeats > 0) return ` (and ${repeats} more ${repeats === 1 ? 'time' : 'times'} below).`;
  return /[.!?]$/.test(sentence) ? '' : '.';
}

/** A syntax problem's data, its `end` included, and its sentence. */
export function syntaxWords<K extends SyntaxKind>(kind: K, data: SyntaxData<K>, repeats = 0): { data: DataOf<(typeof SYNTAX_MESSAGES)[K]>; message: string } {
  const plain = data as Readonly<Record<string, string | number>>;
  const full = { ...plain, end: syntaxEnd(interpolate(SYNTAX_MESSAGES[kind], { ...plain, end: '' }), repeats) };
  return { data: full as DataOf<(typeof SYNTAX_MESSAGES)[K]>, message: interpolate(SYNTAX_MESSAGES[kind], full) };
}
