import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../testing/cli.js';
import { loadWidths, widthOf } from '../util/columns.js';
import { runSimulate } from '../app/simulate.js';
import { formatSimulationText } from '../formatters/simulation.js';

function write(name: string, text: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'eda-advisor-sim-')), name);
  writeFileSync(file, text);
  return file;
}

/** The table of each realistic design, line by line: what a reviewer checks in a failure-mode review. */
const TABLES: Record<string, string> = {
  'hotel-group-checkout.yaml': `fixtures/designs/hotel-group-checkout.yaml

GroupCheckout (saga): 2 failure points, all consistent
  failure point                  ran            compensations    outcome              verdict
  step 'check-out-guests' fails  CheckOutGuest  ReopenGuestStay  GroupCheckoutFailed  consistent
  step 'issue-invoice' fails     CheckOutGuest  ReopenGuestStay  GroupCheckoutFailed  consistent
`,
  'order-saga.yaml': `fixtures/designs/order-saga.yaml

CreateOrderSaga (saga): 3 failure points, all consistent
  failure point                 ran                        compensations               outcome        verdict
  step 'verify-consumer' fails  CreateOrder                RejectOrder                 OrderRejected  consistent
  step 'reserve-stock' fails    CreateOrder                RejectOrder                 OrderRejected  consistent
  step 'authorize-card' fails   CreateOrder, ReserveStock  ReleaseStock → RejectOrder  OrderRejected  consistent
`,
  'money-transfer-process-manager.yaml': `fixtures/designs/money-transfer-process-manager.yaml

MoneyTransfer (process-manager): 4 failure points, all consistent
  failure point                  ran                          compensations                outcome                   verdict
  DebitDeclined in 'Debiting'    —                            —                            TransferFailed, 'Failed'  consistent
  the timeout of 'Debiting'      DebitAccount                 RefundDebit                  TransferFailed, 'Failed'  consistent
  CreditDeclined in 'Crediting'  DebitAccount                 RefundDebit                  TransferFailed, 'Failed'  consistent
  the timeout of 'Crediting'     DebitAccount, CreditAccount  ReverseCredit → RefundDebit  TransferFailed, 'Failed'  consistent
`,
  'order-choreography.yaml': `fixtures/designs/order-choreography.yaml

PlaceOrder (choreography): 2 failure points, all consistent
  failure point                      ran           compensations  outcome        verdict
  StockReservationFailed from Stock  —             —              OrderRejected  consistent
  PaymentFailed from Billing         ReserveStock  ReleaseStock   OrderRejected  consistent
`,
};

describe('eda-advisor simulate', () => {
  it.for(Object.entries(TABLES))('prints the failure table of %s and exits 0', ([file, table]) => {
    expect(run(['simulate', `fixtures/designs/${file}`])).toEqual({ status: 0, stdout: table, stderr: '' });
  });

  it('shows what a flawed saga leaves inconsistent, and exits 1', () => {
    const r = run(['simulate', 'fixtures/designs/flawed-order-saga.yaml']);
    expect(r.status).toBe(1);
    expect(r.stdout.split('\n').slice(2)).toEqual([
      'PlaceOrder (saga): 3 failure points, 2 inconsistent',
      '  failure point               ran           compensations  outcome  verdict',
      "  step 'reserve-stock' fails  —             —              —        consistent",
      "  step 'screen' fails         ReserveStock  —              —        inconsistent: step 'reserve-stock' completed and nothing undoes ReserveStock",
      "  step 'charge' fails         ReserveStock  —              —        inconsistent: step 'reserve-stock' completed and nothing undoes ReserveStock",
      '',
    ]);
  });

  it('traces one failure point step by step with --fail-at', () => {
    const r = run(['simulate', 'fixtures/designs/money-transfer-process-manager.yaml', '--fail-at', 'Crediting.timeout']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`fixtures/designs/money-transfer-process-manager.yaml

MoneyTransfer (process-manager): 1 failure point, all consistent

  the timeout of 'Crediting' (line 67, column 9)
    1. TransferRequested starts 'MoneyTransfer' in 'Debiting'
    2. send DebitAccount
    3. receive AccountDebited
    4. enter 'Crediting'
    5. send CreditAccount
    6. 'Crediting' times out
    7. send ReverseCredit
    8. enter 'RefundingDebit'
    9. send RefundDebit
   10. receive DebitRefunded
   11. publish TransferFailed
   12. enter 'Failed'
   13. ends in 'Failed' (failure)
  ran: DebitAccount ('Debiting'), CreditAccount ('Crediting')
  compensations: ReverseCredit undoes CreditAccount → RefundDebit undoes DebitAccount
  outcome: TransferFailed, 'Failed'
  verdict: consistent
`);
  });

  it('matches a state, an event or a step by name with --fail-at', () => {
    const state = run(['simulate', 'fixtures/designs/money-transfer-process-manager.yaml', '--fail-at', 'Crediting', '--format', 'json']);
    expect(JSON.parse(state.stdout).files[0].processes[0].traces.map((t: { failurePoint: { id: string } }) => t.failurePoint.id)).toEqual([
      'Crediting.CreditDeclined',
      'Crediting.timeout',
    ]);
    const event = run(['simulate', 'fixtures/designs/order-choreography.yaml', '--fail-at', 'PaymentFailed']);
    expect(event.stdout).toContain('3. Stock runs ReserveStock');
    expect(event.stdout).toContain('Stock runs ReleaseStock to undo ReserveStock');
  });

  it('format 1.1: a step whose compensation is none shows nothing to undo, in the table, the trace and the JSON', () => {
    const table = run(['simulate', 'fixtures/designs/temporal-money-transfer.yaml']);
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/step 'deposit' fails +SendReceipt, Withdraw +Refund → nothing to undo \(SendReceipt\) +TransferFailed +consistent/);
    const trace = run(['simulate', 'fixtures/designs/temporal-money-transfer.yaml', '--fail-at', 'deposit']);
    expect(trace.stdout).toContain("step 'receipt-of-request': nothing to undo for SendReceipt (compensation: none)");
    expect(trace.stdout).toContain('nothing to undo: SendReceipt (receipt-of-request)');
    const json = JSON.parse(run(['simulate', 'fixtures/designs/temporal-money-transfer.yaml', '--format', 'json']).stdout) as {
      files: { processes: { traces: { nothingToUndo: unknown[] }[] }[] }[];
    };
    expect(json.files[0]?.processes[0]?.traces.map((t) => t.nothingToUndo)).toEqual([
      [],
      [{ command: 'SendReceipt', at: 'receipt-of-request' }],
      [{ command: 'SendReceipt', at: 'receipt-of-request' }],
    ]);
  });

  it('aligns the table in terminal columns when names are wider than one column (CJK, emoji)', async () => {
    await loadWidths();
    const file = write(
      'wide.yaml',
      [
        'version: 1',
        'name: wide',
        'services:',
        '  注文: { publishing: outbox }',
        '  在庫: { publishing: outbox }',
        'commands:',
        '  在庫を確保する: { handledBy: 在庫 }',
        '  Ship📦: { handledBy: 注文 }',
        'events:',
        '  注文済み: { producedBy: 注文 }',
        '  在庫不足: { producedBy: 在庫 }',
        '  ShipFailed: { producedBy: 注文 }',
        'processes:',
        '  注文処理:',
        '    pattern: saga',
        '    coordinator: 注文',
        '    startedBy: 注文済み',
        '    steps:',
        '      - { name: 在庫の確保, command: 在庫を確保する, onFailure: [在庫不足] }',
        '      - { name: ship, command: Ship📦, kind: pivot, onFailure: [ShipFailed] }',
        '',
      ].join('\n'),
    );
    const r = run(['simulate', file]);
    const rows = r.stdout.split('\n').filter((l) => l.startsWith('  '));
    expect(rows.length).toBe(3);
    // The 'ran' column starts at the same terminal column on every row.
    const starts = rows.map((l) => {
      const cut = l.indexOf(l.includes('failure point') ? 'ran' : l.includes("step 'ship'") ? '在庫を確保する' : '—');
      return widthOf(l.slice(0, cut));
    });
    expect(new Set(starts).size).toBe(1);
  });

  it('never cuts a cell when piped, and fits a terminal by wrapping cells or, narrower, by blocks', async () => {
    await loadWidths();
    const piped = run(['simulate', 'fixtures/designs/flawed-order-saga.yaml']).stdout;
    expect(piped).toContain("inconsistent: step 'reserve-stock' completed and nothing undoes ReserveStock");
    expect(piped).not.toContain('…');
    const report = runSimulate('fixtures/designs/flawed-order-saga.yaml', {}).report;
    for (const width of [100, 80, 64, 40]) {
      const text = formatSimulationText(report, false, width);
      for (const line of text.split('\n').filter((l) => l.startsWith('  '))) expect(widthOf(line), `${width}: ${line}`).toBeLessThanOrEqual(width);
      // Nothing is lost: every word of the piped table is on the screen.
      const words = (t: string) =>
        new Set(
          t
            .split(/\s+/)
            .filter(
              (w) =>
                w !== '' && !['failure', 'point', 'ran', 'compensations', 'outcome', 'verdict', 'ran:', 'compensations:', 'outcome:', 'verdict:'].includes(w),
            ),
        );
      expect(words(text), String(width)).toEqual(words(piped));
    }
    expect(formatSimulationText(report, false, 100)).toContain('  failure point ');
    expect(formatSimulationText(report, false, 40)).toContain('    verdict: consistent');
  });

  it('gives a choreography a failure point per reaction and failure, each selectable by --fail-at', () => {
    const file = write(
      'fanout.yaml',
      [
        'version: 1',
        'name: fanout',
        'services:',
        '  Orders: { publishing: outbox }',
        '  Stock: { publishing: outbox }',
        '  Billing: { publishing: outbox }',
        'commands:',
        '  Reserve: { handledBy: Stock }',
        '  Charge: { handledBy: Billing }',
        'events:',
        '  OrderPlaced: { producedBy: Orders }',
        '  StockReserved: { producedBy: Stock }',
        '  Charged: { producedBy: Billing }',
        '  OrderFailed: { fields: [orderId] }',
        'processes:',
        '  Place:',
        '    pattern: choreography',
        '    startedBy: OrderPlaced',
        '    failsWith: OrderRejected',
        '    reactions:',
        '      - { when: OrderPlaced, service: Stock, command: Reserve, emits: [StockReserved, OrderFailed] }',
        '      - { when: StockReserved, service: Billing, command: Charge, emits: [Charged, OrderFailed] }',
        '',
      ].join('\n'),
    );
    const json = JSON.parse(run(['simulate', file, '--format', 'json']).stdout) as {
      files: { processes: { traces: { failurePoint: { id: string; label: string } }[] }[] }[];
    };
    const points = json.files[0]?.processes[0]?.traces.map((t) => [t.failurePoint.id, t.failurePoint.label]);
    expect(points).toEqual([
      ['Stock.OrderFailed', 'OrderFailed from Stock'],
      ['Billing.OrderFailed', 'OrderFailed from Billing'],
    ]);
    const byService = run(['simulate', file, '--fail-at', 'Billing']);
    expect(byService.stdout).toContain('OrderFailed from Billing (line');
    expect(byService.stdout).not.toContain('OrderFailed from Stock');
    expect(run(['simulate', file, '--fail-at', 'Stock.OrderFailed']).stdout).toContain('OrderFailed from Stock (line');
    expect(run(['simulate', file, '--fail-at', 'OrderFailed']).stdout.match(/OrderFailed from \w+ \(line/g)).toHaveLength(2);
  });

  it('gives the documented JSON form', () => {
    const r = run(['simulate', 'fixtures/designs/order-saga.yaml', '--format', 'json']);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.version).toBe(1);
    expect(report.summary).toEqual({ processes: 1, traces: 3, inconsistent: 0 });
    const trace = report.files[0].processes[0].traces[2];
    expect(Object.keys(trace)).toEqual(['failurePoint', 'ran', 'compensations', 'nothingToUndo', 'outcome', 'consistent', 'problems', 'steps']);
    expect(trace.failurePoint).toEqual({ id: 'authorize-card', kind: 'step', label: "step 'authorize-card' fails", line: 84, column: 9 });
    expect(trace.ran).toEqual([
      { command: 'CreateOrder', at: 'create-order' },
      { command: 'ReserveStock', at: 'reserve-stock' },
    ]);
    expect(trace.compensations).toEqual([
      { run: 'ReleaseStock', undoes: 'ReserveStock', at: 'reserve-stock' },
      { run: 'RejectOrder', undoes: 'CreateOrder', at: 'create-order' },
    ]);
    expect(trace.outcome).toBe('OrderRejected');
    expect(trace.steps.map((s: { kind: string }) => s.kind)).toEqual([
      'start',
      'send',
      'receive',
      'send',
      'receive',
      'send',
      'receive',
      'send',
      'fail',
      'compensate',
      'compensate',
      'end',
    ]);
  });

  it('names a compensation that can itself fail for good', () => {
    const file = write(
      'fragile.yaml',
      `version: 1
name: fragile
services:
  Orders: { publishing: outbox }
  Stock: { publishing: outbox, consumers: { idempotent: false } }
  Cards: { publishing: outbox }
commands:
  ReserveStock: { handledBy: Stock }
  ReleaseStock: { handledBy: Stock }
  ChargeCard: { handledBy: Cards }
compensations:
  ReserveStock: ReleaseStock
processes:
  PlaceOrder:
    pattern: saga
    coordinator: Orders
    steps:
      - { name: reserve, command: ReserveStock }
      - { name: charge, command: ChargeCard, kind: pivot }
`,
    );
    const r = run(['simulate', file, '--format', 'json']);
    expect(r.status).toBe(1);
    const traces = JSON.parse(r.stdout).files[0].processes[0].traces;
    expect(traces[1].problems).toEqual([
      { kind: 'compensation-can-fail', message: "the compensation ReleaseStock of step 'reserve' may fail for good: no retry policy applies to it" },
    ]);
  });

  it('shows a process manager left in a state with no way out after a failure', () => {
    const file = write(
      'stuck.yaml',
      `version: 1
name: stuck
services:
  Desk: { publishing: outbox }
  Cards: { publishing: outbox }
commands:
  ChargeCard: { handledBy: Cards }
events:
  Requested: { producedBy: Desk }
  CardCharged: { producedBy: Cards }
  CardDeclined: { producedBy: Cards }
processes:
  Pay:
    pattern: process-manager
    coordinator: Desk
    startedBy: Requested
    timeout: 1h
    initial: Charging
    states:
      Charging:
        onEntry: { send: ChargeCard }
        on:
          CardCharged: { goto: Paid }
          CardDeclined: { goto: Apologising }
      Apologising: {}
      Paid: { terminal: success }
`,
    );
    const r = run(['simulate', file]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("inconsistent: after CardDeclined in 'Charging' the process waits in 'Apologising', which has no way out");
  });

  it('ends on a choreography whose reactions go round, and calls the loop inconsistent unless a guard bounds it', () => {
    const file = write(
      'loop.yaml',
      `version: 1
name: loop
services:
  A: { publishing: outbox }
  B: { publishing: outbox }
commands:
  Ping: { handledBy: A }
  Pong: { handledBy: B }
events:
  Started: { producedBy: A }
  PingFailed: { producedBy: A }
  Ponged: { producedBy: B }
processes:
  Rally:
    pattern: choreography
    startedBy: Started
    reactions:
      - { when: Started, service: A, command: Ping, emits: [PingFailed] }
      - { when: PingFailed, service: B, command: Pong, emits: [Ponged] }
      - { when: Ponged, service: A, command: Ping, emits: [PingFailed] }
`,
    );
    const r = run(['simulate', file]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('inconsistent: after PingFailed the reactions go round: PingFailed → Ponged → PingFailed');
    const guarded = run(['simulate', 'fixtures/rules/event-cycle/invalid-guarded-retry-loop.yaml', '--fail-at', 'StockReservationFailed']);
    expect(guarded.status).toBe(0);
    expect(guarded.stdout).toContain('goes round (StockReservationFailed → ReservationRetried → StockReservationFailed) while attempts < 3');
  });

  it('fails a process manager at a guarded alternative that decides it failed', () => {
    const file = write(
      'group-checkout-pm.yaml',
      `version: 1
name: group-checkout-pm
services:
  GuestStays: { persistence: event-sourced, publishing: event-store, consumers: { idempotent: true } }
  GroupCheckouts: { persistence: event-sourced, publishing: event-store, consumers: { idempotent: true } }
commands:
  CheckOutGuest: { handledBy: GuestStays, fields: [guestStayId, groupCheckoutId], idempotencyKey: guestStayId }
  ReopenGuestStay: { handledBy: GuestStays, fields: [guestStayId, groupCheckoutId], idempotencyKey: guestStayId }
  RecordGuestCheckout: { handledBy: GroupCheckouts, fields: [groupCheckoutId, guestStayId] }
  CompleteGroupCheckout: { handledBy: GroupCheckouts, fields: [groupCheckoutId] }
  CancelGroupCheckout: { handledBy: GroupCheckouts, fields: [groupCheckoutId] }
compensations:
  CheckOutGuest: ReopenGuestStay
  RecordGuestCheckout: CancelGroupCheckout
events:
  GroupCheckoutInitiated: { producedBy: GroupCheckouts, fields: [groupCheckoutId, guestStayIds] }
  GuestCheckedOut: { producedBy: GuestStays, fields: [guestStayId, groupCheckoutId] }
  GuestCheckoutFailed: { producedBy: GuestStays, fields: [guestStayId, groupCheckoutId] }
  AllGuestsCheckedOut: { producedBy: GroupCheckouts, fields: [groupCheckoutId] }
  GroupCheckoutCompleted: { producedBy: GroupCheckouts, fields: [groupCheckoutId] }
  GroupCheckoutFailed: { producedBy: GroupCheckouts, fields: [groupCheckoutId] }
processes:
  GroupCheckout:
    pattern: process-manager
    coordinator: GroupCheckouts
    startedBy: GroupCheckoutInitiated
    correlationKey: groupCheckoutId
    timeout: 24h
    completesWith: GroupCheckoutCompleted
    failsWith: GroupCheckoutFailed
    initial: CheckingOut
    states:
      CheckingOut:
        onEntry: { send: CheckOutGuest, forEach: guestStayIds, as: guestStayId }
        on:
          GuestCheckedOut: { send: RecordGuestCheckout }
          GuestCheckoutFailed: { goto: Failed, send: [ReopenGuestStay, CancelGroupCheckout], publish: [GroupCheckoutFailed] }
          AllGuestsCheckedOut:
            - { if: "any failures", goto: Failed, send: [ReopenGuestStay, CancelGroupCheckout], publish: [GroupCheckoutFailed] }
            - { goto: Completed, send: CompleteGroupCheckout, publish: [GroupCheckoutCompleted] }
        timeout: { after: 1h, goto: TimedOut, send: [ReopenGuestStay, CancelGroupCheckout], publish: [GroupCheckoutFailed] }
      Completed: { terminal: success }
      Failed: { terminal: failure }
      TimedOut: { terminal: failure }
infrastructure:
  messaging: { broker: eventstoredb, durable: true, delivery: at-least-once }
  deadLetter: { queue: dlq }
  retryPolicies: { default: { maxAttempts: 5, backoff: exponential, initialDelay: 200ms } }
  defaultRetry: default
  observability: { correlation: true, tracing: opentelemetry }
`,
    );
    const r = run(['simulate', file, '--format', 'json']);
    const ids = JSON.parse(r.stdout).files[0].processes[0].traces.map((t: { failurePoint: { label: string } }) => t.failurePoint.label);
    expect(ids).toEqual(["GuestCheckoutFailed in 'CheckingOut'", "AllGuestsCheckedOut (if any failures) in 'CheckingOut'", "the timeout of 'CheckingOut'"]);
  });

  it.for([
    [['--process', 'MoneyTransfr'], "has no process 'MoneyTransfr' — did you mean 'MoneyTransfer'?"],
    [
      ['--fail-at', 'Crediting.timout'],
      "no failure point 'Crediting.timout' in fixtures/designs/money-transfer-process-manager.yaml — did you mean 'Crediting.timeout'?",
    ],
    [['--format', 'table'], 'Allowed choices are text, json'],
  ] as [string[], string][])('refuses %j with exit 2', ([args, words]) => {
    const r = run(['simulate', 'fixtures/designs/money-transfer-process-manager.yaml', ...args]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(words);
  });

  it('does not simulate a design that does not parse, and says why', () => {
    const r = run(['simulate', 'fixtures/rules/yaml-syntax/invalid-bad-indentation.yaml']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('cannot be simulated until it parses and follows the schema');
    expect(r.stderr).toContain('6:1  error    All mapping items must start at the same column.');
  });

  it('says to import an AsyncAPI document first, as guidance, diagram and the walkthrough do (one way to stop)', () => {
    for (const command of ['simulate', 'guidance', 'diagram']) {
      const r = run([command, 'fixtures/asyncapi/streetlights-mqtt-2.6.yml']);
      expect(r.status, command).toBe(2);
      expect(r.stdout, command).toBe('');
      expect(r.stderr, command).toBe(
        'eda-advisor: fixtures/asyncapi/streetlights-mqtt-2.6.yml is an AsyncAPI document: convert it first (eda-advisor import asyncapi fixtures/asyncapi/streetlights-mqtt-2.6.yml --output design.yaml), then add its processes; review reads it as it is.\n',
      );
    }
  });

  it('names a missing file and exits 2', () => {
    expect(run(['simulate', 'nowhere.yaml'])).toEqual({ status: 2, stdout: '', stderr: 'eda-advisor: nowhere.yaml: no such file; check the path.\n' });
  });
});
