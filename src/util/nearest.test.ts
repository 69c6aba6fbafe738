import { describe, expect, it } from 'vitest';
import { editDistance, nearest } from './nearest.js';

describe('nearest', () => {
  it.for([
    ['outboxx', ['event-store', 'outbox', 'direct', 'none'], 'outbox'],
    ['outobx', ['event-store', 'outbox', 'direct', 'none'], 'outbox'],
    ['Paymnts', ['Orders', 'Payments', 'Payouts'], 'Payments'],
    ['orderID', ['orderId', 'amount'], 'orderId'],
    ['warn', ['off', 'error', 'warning', 'info'], 'warning'],
    ['Shipping', ['Orders', 'Payments'], undefined],
    ['ab', ['xy'], undefined],
  ] as [string, string[], string | undefined][])('%s in %j -> %s', ([name, candidates, want]) => {
    expect(nearest(name, candidates)).toBe(want);
  });

  it('counts a transposition as one edit', () => {
    expect(editDistance('outobx', 'outbox')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});
