import { BASE_VERBS, IRREGULAR_PAST } from '../generated/lexicon.js';

/**
 * English verb forms for naming checks. The word lists come from packages: verb-corpus (about
 * 4,600 verbs, including programming verbs) and english-verbs-irregular (about 570 irregular verbs
 * with their past forms), put in the bundle by scripts/generate.js (generated/lexicon.ts). Regular
 * past forms are recognised by undoing the -ed spelling rules.
 */
/** Verbs of business systems that the general lists lack. */
const DOMAIN_VERBS = [
  'debit',
  'checkout',
  'login',
  'logout',
  'signup',
  'onboard',
  'offboard',
  'upsert',
  'archive',
  'unarchive',
  'geocode',
  'prepay',
  'rebook',
  'payout',
  'topup',
  'restock',
  'backorder',
];
/** Function words that verb-corpus lists as verbs but that never start a command's name. */
const NOT_VERBS = new Set(['after', 'before', 'each', 'for', 'last', 'new', 'next', 'not', 'while']);
/** Prefixes that make verbs of verbs: reopen, unblock, deallocate, preauthorize. */
const PREFIXES = ['re', 'un', 'de', 'dis', 'pre', 'co', 'over', 'under', 'out', 'mis', 'auto', 'sub', 'inter'];

const DOMAIN = new Set(DOMAIN_VERBS);

/**
 * Whether a word is in a list of sorted words with one space between them, found by binary search
 * over the text itself: no array or set of 4,600 words is built at every start (about 1 ms).
 */
export function inSortedWords(list: string, word: string): boolean {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const start = list.lastIndexOf(' ', mid - 1) + 1;
    const space = list.indexOf(' ', start);
    const end = space === -1 || space > hi ? hi : space;
    const here = list.slice(start, end);
    if (here === word) return true;
    if (here < word) lo = end + 1;
    else hi = start;
  }
  return false;
}

const isBase = (w: string) => !NOT_VERBS.has(w) && (DOMAIN.has(w) || inSortedWords(BASE_VERBS, w));
const isIrregularPast = (w: string) => inSortedWords(IRREGULAR_PAST, w);

/** A word check on lower-case words, remembered: the same words recur across a design's names. */
function remembered(check: (word: string) => boolean): (word: string) => boolean {
  const cache = new Map<string, boolean>();
  return (word) => {
    const w = word.toLowerCase();
    let known = cache.get(w);
    if (known === undefined) {
      known = check(w);
      cache.set(w, known);
    }
    return known;
  };
}

/** Whether the word is a verb in its base form (place, reserve, check, reopen). */
export const isBaseVerb = remembered(checkBase);

/** Whether the word is a past tense or past participle (placed, stopped, tried, paid, found, reopened). */
export const isPastForm = remembered(checkPast);

function checkBase(w: string): boolean {
  if (isBase(w)) return true;
  return PREFIXES.some((p) => w.length > p.length + 2 && w.startsWith(p) && isBase(w.slice(p.length)));
}

function checkPast(w: string): boolean {
  if (isIrregularPast(w)) return true;
  if (PREFIXES.some((p) => w.length > p.length + 3 && w.startsWith(p) && isIrregularPast(w.slice(p.length)))) return true;
  if (!w.endsWith('ed') || w.length < 4) return false;
  const stem = w.slice(0, -2);
  const candidates = [
    w.slice(0, -1), // placed -> place
    stem, // checked -> check
    stem.endsWith('i') ? `${stem.slice(0, -1)}y` : '', // tried -> try
    stem.length > 2 && stem.at(-1) === stem.at(-2) ? stem.slice(0, -1) : '', // stopped -> stop
    stem.endsWith('ck') ? stem.slice(0, -1) : '', // panicked -> panic
  ];
  return candidates.some((c) => c.length > 1 && isBaseVerb(c));
}

/**
 * Words of an identifier: PascalCase, camelCase (acronyms kept whole), snake_case, kebab-case, dotted.
 * What `name.split(/[^A-Za-z0-9]+/)` and then `/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g` in each part
 * give (english.test.ts holds it to them), in one scan: naming-convention splits every message's
 * name, and the regular expressions were a tenth of its time.
 */
export function words(name: string): string[] {
  const out: string[] = [];
  const n = name.length;
  let i = 0;
  while (i < n) {
    const c = name.charCodeAt(i);
    let end = i + 1;
    if (isUpper(c)) {
      while (end < n && isUpper(name.charCodeAt(end))) end++;
      // Capitals before a lower-case letter: the last of them starts the next word (HTTPRequest).
      if (end < n && isLower(name.charCodeAt(end))) {
        if (end - 1 > i) {
          out.push(name.slice(i, end - 1));
          i = end - 1;
        }
        end = i + 1;
        while (end < n && isLower(name.charCodeAt(end))) end++;
      }
    } else if (isLower(c)) {
      while (end < n && isLower(name.charCodeAt(end))) end++;
    } else if (c >= 0x30 && c <= 0x39) {
      while (end < n && name.charCodeAt(end) >= 0x30 && name.charCodeAt(end) <= 0x39) end++;
    } else {
      i = end; // a separator: anything but an ASCII letter or digit
      continue;
    }
    out.push(name.slice(i, end));
    i = end;
  }
  return out;
}

const isUpper = (c: number) => c >= 0x41 && c <= 0x5a;
const isLower = (c: number) => c >= 0x61 && c <= 0x7a;

export type Casing = 'PascalCase' | 'camelCase' | 'snake_case' | 'SCREAMING_SNAKE_CASE' | 'kebab-case' | 'dot.case';

/** The casing style of a name, or undefined for a single lower-case word (it fits several). */
export function casingOf(name: string): Casing | undefined {
  if (/^[A-Z][A-Za-z0-9]*$/.test(name)) return 'PascalCase';
  if (/^[a-z][a-z0-9]*$/.test(name)) return undefined;
  if (/^[a-z][a-zA-Z0-9]*$/.test(name)) return 'camelCase';
  if (/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(name)) return 'SCREAMING_SNAKE_CASE';
  if (/^[a-z0-9]+(_[a-z0-9]+)+$/.test(name)) return 'snake_case';
  if (/^[a-z0-9]+(-[a-z0-9]+)+$/.test(name)) return 'kebab-case';
  if (/^[a-z0-9_]+(\.[a-z0-9_]+)+$/.test(name)) return 'dot.case';
  return undefined;
}
