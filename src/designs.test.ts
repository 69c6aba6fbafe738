import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { reviewFixture } from './testing/rule-tester.js';
import { ROOT } from './testing/cli.js';

/**
 * The flawed copies of the format 1.1 designs: each takes out what 1.1 lets a design say, and the
 * 1.1 readings fire where they must — exactly these findings, no more.
 */
const FLAWED: Record<string, string[]> = {
  'flawed-temporal-money-transfer.yaml': [
    '28:5 missing-dead-letter',
    '33:5 missing-dead-letter',
    '38:5 missing-dead-letter',
    "58:3 insufficient-event-context The compensation of step 'withdraw' sends Refund, which needs 'referenceId'",
    "72:9 missing-compensation nothing undoes 'SendReceipt'",
    "85:9 insufficient-event-context Step 'deposit' sends Deposit, which needs 'referenceId'",
  ],
  'flawed-nservicebus-shipping-policy.yaml': ["58:3 missing-timeout waits on other services in 'AwaitingBilling' with no timeout"],
  'flawed-kafka-streams-order-join.yaml': [
    "85:9 insufficient-event-context The reaction of Shipping to StockReserved sends ScheduleShipment, which needs 'address' and 'carrier'",
    '101:9 event-cycle StockRanOut → Inventory → StockRanOut; this reaction (Inventory on StockRanOut) emits StockRanOut again',
  ],
};

describe('the flawed copies of the format 1.1 designs', () => {
  it.for(Object.entries(FLAWED))('%s reports what 1.1 reads, where it belongs', ([file, expected]) => {
    const findings = reviewFixture(path.join(ROOT, 'fixtures', 'designs', file));
    expect(findings.map((f) => `${f.line}:${f.column} ${f.ruleId}`)).toEqual(expected.map((e) => e.split(' ').slice(0, 2).join(' ')));
    expected.forEach((e, i) => {
      const words = e.split(' ').slice(2).join(' ');
      if (words) expect(findings[i]?.message).toContain(words);
    });
  });
});
