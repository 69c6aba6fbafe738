export type Severity = 'error' | 'warning' | 'info';
export type Path = readonly (string | number)[];

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** A place in a design: the file and the keys from its document root. */
export interface Ref {
  readonly file: string;
  readonly path: Path;
  /** Point at the key itself rather than its value (an unknown key, say). */
  readonly at?: 'key';
}

export interface Position {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** One thing a reviewer would say about a design, with where it is. Lines and columns are 1-based. */
export interface Finding extends Position {
  readonly ruleId: string;
  readonly messageId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly hint?: string;
  readonly file: string;
  readonly path: Path;
  /** What filled the message's placeholders: what tests pin instead of words of the sentence. */
  readonly data?: Readonly<Record<string, string | number>>;
}

export function ref(file: string, path: Path, at?: 'key'): Ref {
  return at ? { file, path, at } : { file, path };
}

/** `services.Payments.calls[0].service`: a path as a designer reads it. */
export function formatPath(path: Path): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out === '' ? '(the document)' : out;
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.line - b.line ||
    a.column - b.column ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}
