import { useStdin } from 'ink';
import { useEffect, useRef } from 'react';
import type { KeyPress } from './state.js';

/** A key: the text typed and the named keys pressed. */
export interface KeyEvent {
  readonly input: string;
  readonly key: KeyPress;
}

const ESC = '\u001b';

const CONTROL: Record<string, KeyPress> = {
  '\r': { return: true },
  '\n': { return: true },
  '\t': { tab: true },
  '\u007f': { backspace: true },
  '\b': { backspace: true },
};

/** Ctrl-C as a raw terminal sends it: the walkthrough ends as an interrupted command does (exit 130). */
const INTERRUPT = '\u0003';

/** The escape sequences the walkthrough reads, by what follows ESC (modifiers such as `1;2` ignored). */
const SEQUENCES: Record<string, KeyPress> = {
  A: { upArrow: true },
  B: { downArrow: true },
  C: { rightArrow: true },
  D: { leftArrow: true },
  Z: { tab: true, shift: true },
  '5~': { pageUp: true },
  '6~': { pageDown: true },
  '3~': { delete: true },
};

/**
 * The keys in one piece of terminal input, in order. Ink's parser splits escape sequences apart but
 * hands over what lies between them in one piece — `\r\r` for Enter Enter, `jj`, a pasted reason —
 * and reads ESC followed by a key as Alt and that key, so that an Esc typed just before Tab was
 * lost. The walkthrough has no Alt shortcuts: here an ESC that starts no sequence is an Esc, and
 * every character is a key of its own, each read against the state the one before it left.
 */
export function decodeKeys(raw: string): KeyEvent[] {
  const out: KeyEvent[] = [];
  let i = 0;
  while (i < raw.length) {
    if (raw[i] === ESC) {
      const m = /^\u001b(?:\[([0-9;]*)([A-Z~])|O([A-D]))/.exec(raw.slice(i));
      if (m) {
        const final = m[2] === '~' ? `${(m[1] ?? '').split(';')[0] ?? ''}~` : (m[2] ?? m[3] ?? '');
        const key = SEQUENCES[final];
        if (key) out.push({ input: '', key });
        i += m[0].length;
        continue;
      }
      out.push({ input: '', key: { escape: true } });
      i += 1;
      continue;
    }
    const code = raw.codePointAt(i) ?? 0;
    const ch = String.fromCodePoint(code);
    i += ch.length;
    const control = CONTROL[ch];
    if (ch === INTERRUPT) out.push({ input: 'c', key: { ctrl: true } });
    else if (control) out.push({ input: '', key: control });
    else if (code >= 0x20) out.push({ input: ch, key: {} });
  }
  return out;
}

/**
 * Like Ink's useInput, but every key on its own (decodeKeys): it listens to the input Ink has read
 * from the terminal in raw mode, and calls `onKey` once per key.
 */
export function useKeys(onKey: (event: KeyEvent) => void): void {
  const { setRawMode, internal_eventEmitter: emitter } = useStdin();
  const handler = useRef(onKey);
  handler.current = onKey;
  useEffect(() => {
    setRawMode(true);
    return () => setRawMode(false);
  }, [setRawMode]);
  useEffect(() => {
    const onInput = (raw: string) => {
      for (const k of decodeKeys(raw)) handler.current(k);
    };
    emitter.on('input', onInput);
    return () => {
      emitter.removeListener('input', onInput);
    };
  }, [emitter]);
}
