/**
 * The starter designs `eda-advisor init` writes, one per pattern: sound (they review clean, a test
 * says so), every part commented. The schema line and the "review it with" line are added by init,
 * for the file they are written to.
 */
import type { StarterPattern } from './patterns.js';

/** The coordinator of the saga and the choreography, commented as a first service is. */
const ORDERS = `  Orders:
    context: Ordering
    persistence: state-stored        # event-sourced | state-stored | none
    publishing: outbox               # how its messages leave its local transaction
    consumers: { idempotent: true }  # its handlers de-duplicate redeliveries
`;

/** Another service: state-stored, publishing through an outbox, idempotent. */
const service = (name: string, context: string): string => `  ${name}:
    context: ${context}
    persistence: state-stored
    publishing: outbox
    consumers: { idempotent: true }
`;

/** The infrastructure every starter declares: a durable broker, a dead-letter queue, retries, observability. */
const infrastructure = (broker: string, deadLetters: string, more = ''): string => `infrastructure:
  messaging: { broker: ${broker}, durable: true, delivery: at-least-once }
${more}  deadLetter: { queue: ${deadLetters}, maxDeliveries: 5 }
  retryPolicies:
    default: { maxAttempts: 5, backoff: exponential, initialDelay: 200ms, maxDelay: 30s }
    forever: { maxAttempts: unlimited, backoff: fixed, initialDelay: 1s }
  defaultRetry: default
  transactions: none
  observability: { correlation: true, tracing: opentelemetry, metrics: true }
`;

export const STARTERS: Record<StarterPattern, string> = {
  saga: `# A starter saga for eda-advisor: each step a local transaction, undone by its compensation when a
# later step fails for good.
# The format: https://github.com/eda-advisor/eda-advisor/blob/main/docs/spec/design-format.md
version: 1
name: place-order
description: Placing an order - replace this example with your own process.

# Bounded contexts: each service belongs to one.
contexts:
  Ordering: { owner: team-orders }
  Payments: { owner: team-payments }

services:
${ORDERS}${service('Cards', 'Payments')}
# Commands ask one service to do something; name them <Verb><Object>.
commands:
  CreateOrder: { handledBy: Orders, fields: [orderId, customerId, total], idempotencyKey: orderId }
  RejectOrder: { handledBy: Orders, fields: [orderId], idempotencyKey: orderId }
  ChargeCard: { handledBy: Cards, fields: [orderId, customerId, total], idempotencyKey: orderId }
  ApproveOrder: { handledBy: Orders, fields: [orderId], idempotencyKey: orderId }

# Events record what happened; name them <Subject><PastVerb>. External events cross contexts.
events:
  OrderCreated: { producedBy: Orders, fields: [orderId, customerId, total] }
  CardCharged: { producedBy: Cards, visibility: external, version: 1, fields: [orderId] }
  CardDeclined: { producedBy: Cards, visibility: external, version: 1, fields: [orderId, reason] }
  OrderApproved: { producedBy: Orders, visibility: external, version: 1, fields: [orderId] }
  OrderRejected: { producedBy: Orders, visibility: external, version: 1, fields: [orderId, reason] }

# What undoes each command when the process fails after it.
compensations:
  CreateOrder: { command: RejectOrder, retry: forever, onSuccess: OrderRejected }

processes:
  PlaceOrder:
    pattern: saga                    # saga | process-manager | choreography
    coordinator: Orders
    startedBy: CreateOrder
    correlationKey: orderId
    timeout: 15m
    completesWith: OrderApproved
    failsWith: OrderRejected
    steps:
      - name: create-order           # runs in the local transaction that starts the saga
        command: CreateOrder
        onSuccess: OrderCreated
      - name: charge-card            # the pivot: the point of no return
        command: ChargeCard
        kind: pivot
        onSuccess: CardCharged
        onFailure: [CardDeclined]
        timeout: 1m
      - name: approve-order          # after the pivot: retried until it succeeds
        command: ApproveOrder
        kind: retriable
        onSuccess: OrderApproved

${infrastructure('rabbitmq', 'dead-letters')}`,
  'process-manager': `# A starter process manager for eda-advisor: a coordinator that holds the state of each run and
# decides, message by message, what happens next; every wait bounded by a timeout.
# The format: https://github.com/eda-advisor/eda-advisor/blob/main/docs/spec/design-format.md
version: 1
name: money-transfer
description: Moving money between accounts - replace this example with your own process.

# Bounded contexts: each service belongs to one.
contexts:
  Transfers: { owner: team-transfers }
  Ledger: { owner: team-ledger }

services:
  TransferDesk:
    context: Transfers
    persistence: event-sourced       # event-sourced | state-stored | none
    publishing: event-store          # its events are its state: no dual write
    consumers: { idempotent: true }  # its handlers de-duplicate redeliveries
  Accounts:
    context: Ledger
    persistence: event-sourced
    publishing: event-store
    consumers: { idempotent: true }

# Commands ask one service to do something; name them <Verb><Object>.
commands:
  DebitAccount: { handledBy: Accounts, fields: [transferId, fromAccountId, amount], idempotencyKey: transferId }
  RefundDebit: { handledBy: Accounts, fields: [transferId, fromAccountId, amount], idempotencyKey: transferId }
  CreditAccount: { handledBy: Accounts, fields: [transferId, toAccountId, amount], idempotencyKey: transferId }

# Events record what happened; name them <Subject><PastVerb>. External events cross contexts.
events:
  TransferRequested: { producedBy: TransferDesk, fields: [transferId, fromAccountId, toAccountId, amount] }
  AccountDebited: { producedBy: Accounts, visibility: external, version: 1, fields: [transferId, fromAccountId, amount] }
  DebitDeclined: { producedBy: Accounts, visibility: external, version: 1, fields: [transferId, reason] }
  AccountCredited: { producedBy: Accounts, visibility: external, version: 1, fields: [transferId, toAccountId, amount] }
  CreditDeclined: { producedBy: Accounts, visibility: external, version: 1, fields: [transferId, reason] }
  DebitRefunded: { producedBy: Accounts, visibility: external, version: 1, fields: [transferId] }
  TransferCompleted: { producedBy: TransferDesk, visibility: external, version: 1, fields: [transferId] }
  TransferFailed: { producedBy: TransferDesk, visibility: external, version: 1, fields: [transferId, reason] }

# What undoes each command when a later part fails; a compensation must not fail for good.
compensations:
  DebitAccount: { command: RefundDebit, retry: forever, onSuccess: DebitRefunded }

processes:
  MoneyTransfer:
    pattern: process-manager
    coordinator: TransferDesk
    startedBy: TransferRequested
    correlationKey: transferId       # every message of one transfer carries it
    timeout: 1h
    completesWith: TransferCompleted
    failsWith: TransferFailed
    initial: Debiting
    states:
      Debiting:
        onEntry: { send: DebitAccount }
        on:
          AccountDebited: { goto: Crediting }
          DebitDeclined: { goto: Failed, publish: [TransferFailed] }
        timeout: { after: 5m, goto: RefundingDebit }
      Crediting:
        onEntry: { send: CreditAccount }
        on:
          AccountCredited: { goto: Completed, publish: [TransferCompleted] }
          CreditDeclined: { goto: RefundingDebit }
        timeout: { after: 5m, goto: RefundingDebit }
      RefundingDebit:                # the debit is undone whenever the credit does not happen
        onEntry: { send: RefundDebit }
        on:
          DebitRefunded: { goto: Failed, publish: [TransferFailed] }
      Completed: { terminal: success }
      Failed: { terminal: failure }

${infrastructure('eventstoredb', 'transfers-dlq', '  eventStore: eventstoredb\n')}`,
  choreography: `# A starter choreography for eda-advisor: no coordinator; each service reacts to the events the
# others publish, and undoes its own work when a later one fails.
# The format: https://github.com/eda-advisor/eda-advisor/blob/main/docs/spec/design-format.md
version: 1
name: place-order
description: Placing an order by choreography - replace this example with your own process.

# Bounded contexts: each service belongs to one.
contexts:
  Ordering: { owner: team-orders }
  Inventory: { owner: team-warehouse }
  Payments: { owner: team-payments }

services:
${ORDERS}${service('Stock', 'Inventory')}${service('Billing', 'Payments')}
# Commands ask one service to do something; name them <Verb><Object>.
commands:
  ReserveStock: { handledBy: Stock, fields: [orderId, lineItems], idempotencyKey: orderId }
  ReleaseStock: { handledBy: Stock, fields: [orderId], idempotencyKey: orderId }
  ChargePayment: { handledBy: Billing, fields: [orderId, customerId, total], idempotencyKey: orderId }
  ApproveOrder: { handledBy: Orders, fields: [orderId], idempotencyKey: orderId }
  RejectOrder: { handledBy: Orders, fields: [orderId, reason], idempotencyKey: orderId }

# Events record what happened; in a choreography they cross contexts, so they are external.
events:
  OrderPlaced: { producedBy: Orders, visibility: external, version: 1, fields: [orderId, customerId, lineItems, total] }
  StockReserved: { producedBy: Stock, visibility: external, version: 1, fields: [orderId, customerId, total] }
  StockReservationFailed: { producedBy: Stock, visibility: external, version: 1, fields: [orderId, reason] }
  StockReleased: { producedBy: Stock, visibility: external, version: 1, fields: [orderId, reason] }
  PaymentSucceeded: { producedBy: Billing, visibility: external, version: 1, fields: [orderId] }
  PaymentFailed: { producedBy: Billing, visibility: external, version: 1, fields: [orderId, reason] }
  OrderApproved: { producedBy: Orders, visibility: external, version: 1, fields: [orderId] }
  OrderRejected: { producedBy: Orders, visibility: external, version: 1, fields: [orderId, reason] }

# What undoes each command when a later reaction fails; a compensation must not fail for good.
compensations:
  ReserveStock: { command: ReleaseStock, retry: forever }

processes:
  PlaceOrder:
    pattern: choreography
    startedBy: OrderPlaced
    correlationKey: orderId
    timeout: 30m                     # and decide who watches it: a choreography has no coordinator
    completesWith: OrderApproved
    failsWith: OrderRejected
    reactions:
      - { when: OrderPlaced, service: Stock, command: ReserveStock, emits: [StockReserved, StockReservationFailed] }
      - { when: StockReserved, service: Billing, command: ChargePayment, emits: [PaymentSucceeded, PaymentFailed] }
      - { when: PaymentSucceeded, service: Orders, command: ApproveOrder, emits: [OrderApproved] }
      - { when: PaymentFailed, service: Stock, command: ReleaseStock, emits: [StockReleased] }
      - { when: StockReleased, service: Orders, command: RejectOrder, emits: [OrderRejected] }
      - { when: StockReservationFailed, service: Orders, command: RejectOrder, emits: [OrderRejected] }

${infrastructure('rabbitmq', 'orders-dlq')}`,
};
