import { describe, expect, it } from 'vitest';
import { reviewSource } from '../engine/run.js';
import namingConvention from '../rules/naming-convention.js';
import { BASE_VERBS, IRREGULAR_PAST } from '../generated/lexicon.js';
import { casingOf, inSortedWords, isBaseVerb, isPastForm, words } from './english.js';

/**
 * Real event and command names from public systems: Eventuate's FTGO application, Microsoft's
 * eShopOnContainers, Axon's gift card demo, Stripe's and GitHub's webhooks, EventStoreDB samples,
 * and the names of this project's spec.
 */
const GOOD_EVENTS = [
  'OrderCreated',
  'OrderApproved',
  'OrderRejected',
  'TicketCreated',
  'TicketAccepted',
  'CreditReserved',
  'CreditLimitExceeded',
  'ConsumerVerificationFailed',
  'OrderRevised',
  'DeliveryPickedUp',
  'OrderStartedIntegrationEvent',
  'OrderStatusChangedToAwaitingValidationIntegrationEvent',
  'OrderStockConfirmedIntegrationEvent',
  'OrderStockRejectedIntegrationEvent',
  'OrderPaymentSucceededIntegrationEvent',
  'OrderPaymentFailedIntegrationEvent',
  'ProductPriceChangedIntegrationEvent',
  'UserCheckoutAcceptedIntegrationEvent',
  'GracePeriodConfirmedIntegrationEvent',
  'CardIssuedEvent',
  'CardRedeemedEvent',
  'payment_intent.succeeded',
  'charge.refunded',
  'invoice.paid',
  'customer.subscription.deleted',
  'checkout.session.completed',
  'pull_request.opened',
  'issue_comment.created',
  'GuestCheckedOut',
  'GroupCheckoutInitiated',
  'CustomerNotFound',
  'UserSignedUp',
  'UserLoggedIn',
  'ShoppingCartOpened',
  'ProductItemAddedToShoppingCart',
  'ShoppingCartConfirmed',
  'AccountDebited',
  'EmailSent',
  'ParcelShipped',
  'OrderCancelled',
  'OrderCanceled',
  'PaymentDeclined',
  'StockReservationFailed',
  'InvoiceIssued',
  'ItemsRestocked',
];
const BAD_EVENTS = ['OrderStatus', 'PaymentTimeout', 'InsufficientFunds', 'CreateOrder', 'invoice.upcoming', 'OrderDetails', 'PlaceOrderEvent', 'ShipmentInfo'];
const GOOD_COMMANDS = [
  'CreateOrder',
  'ApproveOrder',
  'RejectOrder',
  'ReserveCredit',
  'CreateTicket',
  'ConfirmCreateTicket',
  'CancelCreateTicket',
  'AuthorizeCard',
  'BeginReviseTicket',
  'CreateOrderCommand',
  'CancelOrderCommand',
  'ShipOrderCommand',
  'SetAwaitingValidationOrderStatusCommand',
  'SetStockConfirmedOrderStatusCommand',
  'SetPaidOrderStatusCommand',
  'CreateOrderDraftCommand',
  'IssueCardCommand',
  'RedeemCardCommand',
  'CheckOutGuest',
  'ReopenGuestStay',
  'InitiateGroupCheckout',
  'PlaceOrder',
  'ReserveStock',
  'VerifyConsumer',
  'ChargeCard',
  'ReleaseCharge',
  'DebitAccount',
  'OpenShoppingCart',
  'AddProductItemToShoppingCart',
  'ConfirmShoppingCart',
  'DeallocateStock',
  'ScheduleDelivery',
];
// 'OrderCreation' is left out on purpose: "order" is also a verb, and the rule does not guess.
const BAD_COMMANDS = ['NewOrder', 'CustomerRegistration', 'IdentifiedCommand', 'PaymentRequest', 'ShipmentDetails', 'InvoiceTotals'];

const design = (commands: readonly string[], events: readonly string[]) =>
  [
    'version: 1',
    'name: names',
    'services:',
    '  S: { publishing: outbox }',
    'commands:',
    ...commands.map((c) => `  "${c}": { handledBy: S }`),
    'events:',
    ...events.map((e) => `  "${e}": { producedBy: S }`),
    '',
  ].join('\n');

const flagged = (commands: readonly string[], events: readonly string[]) =>
  reviewSource({ file: 'names.yaml', text: design(commands, events) }, { rules: [namingConvention] })
    .findings.filter((f) => f.messageId !== 'mixedCasing')
    .map((f) => /'([^']+)'/.exec(f.message)?.[1]);

describe('naming-convention on real names', () => {
  it('uses at least 60 real names, right and wrong', () => {
    expect(GOOD_EVENTS.length + BAD_EVENTS.length + GOOD_COMMANDS.length + BAD_COMMANDS.length).toBeGreaterThanOrEqual(60);
  });

  it('accepts events in the past tense, with suffixes, particles, dots and snake case', () => {
    expect(flagged([], GOOD_EVENTS)).toEqual([]);
  });

  it('flags events that are not in the past tense', () => {
    expect(flagged([], BAD_EVENTS)).toEqual(BAD_EVENTS);
  });

  it('accepts commands that start with a verb in the imperative', () => {
    expect(flagged(GOOD_COMMANDS, [])).toEqual([]);
  });

  it('flags commands that do not', () => {
    expect(flagged(BAD_COMMANDS, [])).toEqual(BAD_COMMANDS);
  });
});

describe('the English word forms', () => {
  it.for([
    ['placed', true],
    ['stopped', true],
    ['tried', true],
    ['panicked', true],
    ['paid', true],
    ['found', true],
    ['sent', true],
    ['reopened', true],
    ['cancelled', true],
    ['shipped', true],
    ['red', false],
    ['order', false],
    ['status', false],
    ['speed', false],
  ] as [string, boolean][])('isPastForm(%s) = %s', ([word, want]) => {
    expect(isPastForm(word)).toBe(want);
  });

  it('knows base verbs, with prefixes and business verbs', () => {
    expect(['reserve', 'reopen', 'deallocate', 'debit', 'checkout', 'verify'].every(isBaseVerb)).toBe(true);
    expect(['registration', 'status', 'new'].some(isBaseVerb)).toBe(false);
  });

  it('splits identifiers into words, acronyms whole', () => {
    expect(words('HTTPRequestSent')).toEqual(['HTTP', 'Request', 'Sent']);
    expect(words('payment_intent.succeeded')).toEqual(['payment', 'intent', 'succeeded']);
    expect(words('order-shipped')).toEqual(['order', 'shipped']);
  });

  it('splits as the regular expressions it replaced do, on random identifiers', () => {
    const byRegex = (name: string) =>
      name
        .split(/[^A-Za-z0-9]+/)
        .flatMap((part) => part.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g) ?? [])
        .filter((w) => w !== '');
    const alphabet = ['A', 'B', 'Z', 'a', 'q', 'z', '0', '9', '_', '-', '.', ' ', 'é', 'Ü', '@', '[', '`', '{', '/', ':'];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const names = [...GOOD_EVENTS, 'HTTPRequestSent', 'ABC', 'aB', 'Ab1C', '', '__', 'X9y', 'ÜberOrder', 'OrderÜber'];
    for (let k = 0; k < 5000; k++)
      names.push(Array.from({ length: 1 + Math.floor(random() * 12) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''));
    for (const name of names) expect(words(name), name).toEqual(byRegex(name));
  });

  it('tells casing styles apart', () => {
    expect(['PlaceOrder', 'placeOrder', 'place_order', 'PLACE_ORDER', 'place-order', 'order.placed', 'order'].map(casingOf)).toEqual([
      'PascalCase',
      'camelCase',
      'snake_case',
      'SCREAMING_SNAKE_CASE',
      'kebab-case',
      'dot.case',
      undefined,
    ]);
  });
});

describe('the word lists, searched in their text', () => {
  it('finds every word of each list and nothing that is not one of them', () => {
    for (const list of [BASE_VERBS, IRREGULAR_PAST, 'a', 'a b', 'b c d']) {
      const all = list.split(' ');
      const set = new Set(all);
      expect([...all].sort()).toEqual(all);
      for (const w of all) expect(inSortedWords(list, w), w).toBe(true);
      const others = all.flatMap((w) => [`${w}x`, `${w.slice(0, -1)}`, `a${w}`, `${w} `, ` ${w}`, w.toUpperCase(), '', ' ', 'zzzzzz', '0']);
      for (const w of others) expect(inSortedWords(list, w), JSON.stringify(w)).toBe(set.has(w));
    }
  });
});
