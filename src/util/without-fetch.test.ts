import { describe, expect, it } from 'vitest';
import { withoutFetch } from './without-fetch.js';

describe('withoutFetch', () => {
  it('hides fetch while it loads, and puts Node’s own back: fetch works afterwards', async () => {
    const before = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
    const seen = await withoutFetch(async () => typeof globalThis.fetch);
    expect(seen).toBe('undefined');
    expect(Object.getOwnPropertyDescriptor(globalThis, 'fetch')).toEqual(before);
    expect(typeof globalThis.fetch).toBe('function');
    const r = await fetch('data:text/plain,ok');
    expect(await r.text()).toBe('ok');
  });

  it('puts fetch back when the load fails too', async () => {
    await expect(withoutFetch(() => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(typeof globalThis.fetch).toBe('function');
  });
});
