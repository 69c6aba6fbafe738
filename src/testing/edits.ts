import fc from 'fast-check';

/** An edit a fuzz test makes to a text: a character deleted, a piece inserted, a line broken or repeated. */
export interface TextEdit {
  readonly at: number;
  readonly kind: 'delete' | 'insert' | 'newline' | 'duplicate-line';
  readonly text: string;
}

/** The text with the edits made in turn; each `at` is taken modulo the length the text has then. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of edits) {
    const at = e.at % (out.length + 1);
    if (e.kind === 'delete') out = out.slice(0, at) + out.slice(at + 1);
    else if (e.kind === 'insert') out = out.slice(0, at) + e.text + out.slice(at);
    else if (e.kind === 'newline') out = `${out.slice(0, at)}\n${' '.repeat(e.at % 9)}${out.slice(at)}`;
    else {
      const lines = out.split('\n');
      lines.splice(e.at % lines.length, 0, lines[(e.at >> 3) % lines.length] ?? '');
      out = lines.join('\n');
    }
  }
  return out;
}

/** Edits of one of `count` texts: one to three, each inserting one of `pieces` where it inserts. */
export function editsOf(count: number, pieces: readonly string[]) {
  return fc.record({
    fixture: fc.nat({ max: count - 1 }),
    edits: fc.array(
      fc.record({ at: fc.nat(), kind: fc.constantFrom<TextEdit['kind']>('delete', 'insert', 'newline', 'duplicate-line'), text: fc.constantFrom(...pieces) }),
      { minLength: 1, maxLength: 3 },
    ),
  });
}
