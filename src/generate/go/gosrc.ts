import { durationMs } from '../../util/duration.js';
import { words } from '../../util/english.js';

/** Words Go writes in capitals (Effective Go, and the linters that enforce it). */
const INITIALISMS = new Set([
  'id',
  'ids',
  'url',
  'uri',
  'api',
  'http',
  'https',
  'json',
  'sql',
  'uuid',
  'dlq',
  'sms',
  'ip',
  'tcp',
  'xml',
  'html',
  'vat',
  'iban',
]);

const KEYWORDS = new Set(
  'break case chan const continue default defer else fallthrough for func go goto if import interface map package range return select struct switch type var'.split(
    ' ',
  ),
);

/** An exported Go identifier for a design name: `orderId` → `OrderID`, `check-out-guests` → `CheckOutGuests`. */
export function exported(name: string): string {
  let id = exportedNames.get(name);
  if (id === undefined) exportedNames.set(name, (id = exportedOf(name)));
  return id;
}

/** Names seen, converted once: a large design asks for the same ones many times. */
const exportedNames = new Map<string, string>();

function exportedOf(name: string): string {
  const parts = words(name).map((w) => {
    const lower = w.toLowerCase();
    if (lower === 'ids') return 'IDs';
    if (INITIALISMS.has(lower)) return lower.toUpperCase();
    return w.charAt(0).toUpperCase() + w.slice(1);
  });
  const id = parts.join('') || 'X';
  return /^[0-9]/.test(id) ? `X${id}` : id;
}

/** An unexported Go identifier: `OrderID` → `orderID`, a keyword gets a trailing underscore. */
export function unexported(name: string): string {
  const e = exported(name);
  const lead = /^[A-Z]+(?=[A-Z][a-z]|$)/.exec(e)?.[0] ?? e.charAt(0);
  const id = lead.toLowerCase() + e.slice(lead.length);
  return KEYWORDS.has(id) ? `${id}_` : id;
}

/** A Go package name for a context or service: lower case letters and digits only (`Ordering` → `ordering`). */
export function packageName(name: string): string {
  const id =
    words(name)
      .join('')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '') || 'pkg';
  const safe = /^[0-9]/.test(id) ? `p${id}` : id;
  return KEYWORDS.has(safe) || RESERVED_PACKAGES.has(safe) ? `${safe}pkg` : safe;
}

/** Names the generated code uses itself, which a context of that name would shadow. */
const RESERVED_PACKAGES = new Set([
  'platform',
  'command',
  'event',
  'outbox',
  'clock',
  'retry',
  'memory',
  'saga',
  'statemachine',
  'config',
  'processes',
  'context',
  'time',
  'fmt',
  'errors',
  'testing',
  'reflect',
]);

/** A Go string literal. */
export function quote(text: string): string {
  return JSON.stringify(text)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A `// ` comment line, with the text on one line. */
export function comment(indent: string, text: string): string {
  return `${indent}// ${text.replace(/\s*\n\s*/g, ' ')}`;
}

/** The Go type for a design's informative field type; string when it is not one Go has. */
export function goType(type: string | undefined): { readonly type: string; readonly time: boolean } {
  const t = (type ?? 'string').trim();
  const list = /^\[\s*(.+?)\s*\]$/.exec(t) ?? /^(.+?)\[\]$/.exec(t) ?? /^(?:list|array)<\s*(.+?)\s*>$/i.exec(t);
  if (list) {
    const inner = goType(list[1]);
    return { type: `[]${inner.type}`, time: inner.time };
  }
  const known: Record<string, string> = {
    string: 'string',
    text: 'string',
    id: 'string',
    uuid: 'string',
    int: 'int',
    integer: 'int64',
    long: 'int64',
    int32: 'int32',
    int64: 'int64',
    number: 'float64',
    float: 'float64',
    double: 'float64',
    float64: 'float64',
    bool: 'bool',
    boolean: 'bool',
    timestamp: 'time.Time',
    datetime: 'time.Time',
    'date-time': 'time.Time',
    instant: 'time.Time',
    'time.time': 'time.Time',
    duration: 'time.Duration',
    'time.duration': 'time.Duration',
  };
  const go = known[t.toLowerCase()] ?? 'string';
  return { type: go, time: go.startsWith('time.') };
}

/**
 * A Go expression for a design duration: `5m` → `5 * time.Minute`, `1h30m` → `90 * time.Minute`;
 * `compact` as gofmt writes it among a call's arguments (`5*time.Minute`).
 */
export function durationLiteral(text: string | undefined, compact = false): string {
  const ms = durationMs(text) ?? 0;
  const units: [number, string][] = [
    [3_600_000, 'time.Hour'],
    [60_000, 'time.Minute'],
    [1000, 'time.Second'],
    [1, 'time.Millisecond'],
  ];
  if (ms === 0) return '0';
  const times = compact ? '*' : ' * ';
  for (const [size, unit] of units) if (ms % size === 0) return ms === size ? unit : `${ms / size}${times}${unit}`;
  return `${Math.round(ms)}${times}time.Millisecond`;
}

/** Marks the end of a cell gofmt aligns in a struct's fields (name, type). */
export const CELL = '\u000b';
/** Marks the end of a key gofmt aligns in a composite literal (`key:` value). */
export const KEY = '\u0001';

/**
 * Aligns the cells of consecutive lines as gofmt does: struct fields in each run of lines that
 * carry a cell at the same indentation (a comment or a blank line ends the run); composite literal
 * keys the same way, except that, as go/printer's exprList does, a key more than 40 columns wide
 * starts a new run when its size is 2.5 times off the geometric mean of the run's keys.
 */
export function align(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let run: string[] = [];
  let marker = '';
  const flush = () => {
    if (run.length > 0) out.push(...pad(run, marker));
    run = [];
  };
  const indentOf = (line: string) => /^\t*/.exec(line)?.[0] ?? '';
  let lnsum = 0;
  let count = 0;
  let prevSize = 0;
  for (const line of lines) {
    const m = line.includes(CELL) ? CELL : line.includes(KEY) ? KEY : '';
    if (!m) {
      flush();
      out.push(line);
      count = 0;
      lnsum = 0;
      continue;
    }
    const sameRun = run.length > 0 && m === marker && indentOf(run[0] as string) === indentOf(line);
    if (!sameRun) {
      flush();
      lnsum = 0;
      count = 0;
      prevSize = 0;
    }
    if (m === KEY) {
      const size = line.slice(indentOf(line).length, line.indexOf(KEY)).length - 1; // the key without its colon
      if (sameRun && prevSize > 0 && count > 0 && !(prevSize <= 40 && size <= 40)) {
        const ratio = size / Math.exp(lnsum / count);
        if (2.5 * ratio <= 1 || 2.5 <= ratio) flush();
      }
      lnsum += Math.log(size);
      count++;
      prevSize = size;
    }
    marker = m;
    run.push(line);
  }
  flush();
  return out.join('\n');
}

function pad(run: readonly string[], marker: string): string[] {
  const width = Math.max(...run.map((l) => l.indexOf(marker)));
  return run.map((l) => {
    const at = l.indexOf(marker);
    return `${l.slice(0, at)}${' '.repeat(width - at + 1)}${l.slice(at + 1)}`;
  });
}
