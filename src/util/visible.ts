/**
 * Control characters, ANSI escapes and bidirectional overrides written out as `\u001b` and so on: a
 * name in a design must not rewrite the reader's terminal, forge a CI annotation or reorder a line.
 * Tabs stay; every human format (stylish, github, markdown) shows text through this.
 */
const INVISIBLE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function visible(text: string): string {
  return text.replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
