import { describe, expect, it } from 'vitest';
import { interpolate } from './interpolate.js';

describe('interpolate', () => {
  it('fills every placeholder, however spaced, and keeps an unknown one as written', () => {
    expect(interpolate("'{{name}}' calls {{ callee }} {{count}} times.", { name: 'Orders', callee: 'Stock', count: 3 })).toBe("'Orders' calls Stock 3 times.");
    expect(interpolate('{{a}}{{a}}-{{b}}', { a: 'x', b: 0 })).toBe('xx-0');
    expect(interpolate('{{known}} and {{ unknown }}', { known: 'k' })).toBe('k and {{ unknown }}');
    expect(interpolate('no placeholder', { a: 'x' })).toBe('no placeholder');
    expect(interpolate('{{a}}', undefined)).toBe('{{a}}');
    // A value is put in as it is: neither a replacement pattern nor a placeholder of its own.
    expect(interpolate('{{a}} {{b}}', { a: '$& $1', b: '{{a}}' })).toBe('$& $1 {{a}}');
    // Only own keys: not what every object inherits.
    expect(interpolate('{{toString}}', {})).toBe('{{toString}}');
  });

  it('gives the same text on every call with the same template', () => {
    const template = 'Step {{step}} of {{process}}';
    for (const step of ['a', 'b', 'c']) expect(interpolate(template, { step, process: 'P' })).toBe(`Step ${step} of P`);
  });
});
