import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSource } from '../parse/load.js';
import { parseYaml } from '../parse/yaml.js';
import { buildDesign } from './build.js';
import { contextOf, relationsOf } from './graph.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const load = (name: string) => {
  const source = loadSource(path.join(ROOT, 'fixtures', 'designs', name));
  return buildDesign(source.file, parseYaml(source).value);
};

describe('the model of the order saga', () => {
  const design = load('order-saga.yaml');
  const r = relationsOf(design);

  it('resolves every reference', () => {
    expect(design.unresolved).toEqual([]);
  });

  it('knows who produces and who consumes each event', () => {
    expect(r.producers.get('StockReserved')?.map((p) => [p.service, p.via])).toEqual([['Stock', 'producedBy']]);
    expect(r.consumers.get('StockReserved')?.map((c) => [c.service, c.via, c.process])).toEqual([['Orders', 'step', 'CreateOrderSaga']]);
  });

  it('knows the context of each service', () => {
    expect([...design.services.values()].map((s) => [s.name, contextOf(design, s)])).toEqual([
      ['Orders', 'Ordering'],
      ['Consumers', 'Customers'],
      ['Stock', 'Inventory'],
      ['Cards', 'Payments'],
    ]);
  });

  it('lists what the process sends and awaits, in order', () => {
    expect(r.sends.get('CreateOrderSaga')?.map((s) => `${s.command}${s.isCompensation ? ' (compensation)' : ''}`)).toEqual([
      'CreateOrder',
      'VerifyConsumer',
      'ReserveStock',
      'AuthorizeCard',
      'ApproveOrder',
      'RejectOrder (compensation)',
      'ReleaseStock (compensation)',
    ]);
    expect(r.awaits.get('CreateOrderSaga')?.map((a) => a.event)).toEqual([
      'OrderCreated',
      'ConsumerVerified',
      'ConsumerVerificationFailed',
      'StockReserved',
      'StockReservationFailed',
      'CardAuthorized',
      'CardAuthorizationDeclined',
      'OrderApproved',
    ]);
    expect([...(r.participants.get('CreateOrderSaga') ?? [])].sort()).toEqual(['Cards', 'Consumers', 'Orders', 'Stock']);
    expect(r.coordinated.get('Orders')?.map((p) => p.name)).toEqual(['CreateOrderSaga']);
  });
});

describe('the model of a choreography and a process manager', () => {
  it('follows reactions: what each service consumes and emits', () => {
    const r = relationsOf(load('order-choreography.yaml'));
    expect(r.consumers.get('PaymentFailed')?.map((c) => [c.service, c.via])).toEqual([['Stock', 'reaction']]);
    expect(r.producers.get('StockReleased')?.map((p) => [p.service, p.via])).toEqual([
      ['Stock', 'producedBy'],
      ['Stock', 'reaction'],
    ]);
    expect(r.awaits.get('PlaceOrder')?.map((a) => a.event)).toEqual([
      'OrderPlaced',
      'StockReserved',
      'PaymentSucceeded',
      'PaymentFailed',
      'StockReleased',
      'StockReservationFailed',
    ]);
  });

  it('reads states, transitions and timeouts', () => {
    const design = load('money-transfer-process-manager.yaml');
    const p = design.processes.get('MoneyTransfer');
    expect([...(p?.states.keys() ?? [])]).toEqual(['Debiting', 'Crediting', 'RefundingDebit', 'Completed', 'Failed']);
    expect(p?.states.get('Crediting')?.timeout?.send.map((s) => s.name)).toEqual(['ReverseCredit']);
    expect(p?.states.get('Failed')?.terminal).toBe('failure');
    const r = relationsOf(design);
    expect(r.sends.get('MoneyTransfer')?.map((s) => `${s.command}:${s.via}${s.isCompensation ? '*' : ''}`)).toEqual([
      'DebitAccount:entry',
      'CreditAccount:entry',
      'ReverseCredit:timeout*',
      'RefundDebit:entry*',
    ]);
    expect(r.producers.get('TransferFailed')?.map((p) => p.via)).toEqual(['producedBy', 'publish', 'publish']);
  });
});

describe('where names and relations are written', () => {
  const design = load('order-saga.yaml');
  const file = design.file;

  it('places a name at its key, and a name of a list at its index', () => {
    const saga = design.processes.get('CreateOrderSaga');
    expect(saga?.coordinator?.ref).toEqual({ file, path: ['processes', 'CreateOrderSaga', 'coordinator'] });
    expect(saga?.startedBy[0]?.ref).toEqual({ file, path: ['processes', 'CreateOrderSaga', 'startedBy'] });
    const step = saga?.steps[1];
    expect(step?.commands[0]?.ref).toEqual({ file, path: ['processes', 'CreateOrderSaga', 'steps', 1, 'command'] });
    expect(step?.onFailure[0]?.ref.path).toEqual(['processes', 'CreateOrderSaga', 'steps', 1, 'onFailure', 0]);
    // One ref per name, however often it is asked for.
    expect(saga?.coordinator?.ref).toBe(saga?.coordinator?.ref);
    // Written out (mcp, --format json) as the plain name and ref it stands for.
    expect(JSON.parse(JSON.stringify(saga?.coordinator))).toEqual({ name: 'Orders', ref: { file, path: ['processes', 'CreateOrderSaga', 'coordinator'] } });
  });

  it("places a relation where its name is written, with the name's own ref", () => {
    const r = relationsOf(design);
    const step = design.processes.get('CreateOrderSaga')?.steps[1];
    const sent = r.sends.get('CreateOrderSaga')?.[1];
    expect(sent?.command).toBe(step?.commands[0]?.name);
    expect(sent?.ref).toBe(step?.commands[0]?.ref);
    expect(JSON.parse(JSON.stringify(sent))).toEqual({
      command: 'VerifyConsumer',
      via: 'step',
      isCompensation: false,
      ref: { file, path: ['processes', 'CreateOrderSaga', 'steps', 1, 'command'] },
    });
    const awaited = r.awaits.get('CreateOrderSaga')?.find((a) => a.event === 'ConsumerVerified');
    expect(awaited?.ref).toEqual({ file, path: ['processes', 'CreateOrderSaga', 'steps', 1, 'onSuccess'] });
  });

  it('shares one frozen empty list and map among the parts that have none', () => {
    const orders = design.services.get('Orders');
    const stock = design.services.get('Stock');
    expect(orders?.calls).toEqual([]);
    expect(orders?.calls).toBe(stock?.calls);
    expect(Object.isFrozen(orders?.calls)).toBe(true);
    const steps = design.processes.get('CreateOrderSaga')?.steps ?? [];
    expect(steps[0]?.map).toBe(steps[1]?.map);
    expect(Object.isFrozen(steps[0]?.map)).toBe(true);
  });
});
