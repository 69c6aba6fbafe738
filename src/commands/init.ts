import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { InputError } from '../errors.js';
import { displayName } from '../parse/load.js';
import { writeFileAtomic } from '../util/write.js';

/** A starter design: one sound saga, every part commented, with the schema line for editors. */
export const STARTER = `# yaml-language-server: $schema=./node_modules/eda-advisor/schemas/design.schema.json
# A starter design for eda-advisor. Review it with: npx eda-advisor review design.yaml
# The format: https://github.com/eda-advisor/eda-advisor/blob/main/docs/spec/design-format.md
version: 1
name: place-order
description: Placing an order - replace this example with your own process.

# Bounded contexts: each service belongs to one.
contexts:
  Ordering: { owner: team-orders }
  Payments: { owner: team-payments }

services:
  Orders:
    context: Ordering
    persistence: state-stored        # event-sourced | state-stored | none
    publishing: outbox               # how its messages leave its local transaction
    consumers: { idempotent: true }  # its handlers de-duplicate redeliveries
  Cards:
    context: Payments
    persistence: state-stored
    publishing: outbox
    consumers: { idempotent: true }

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

infrastructure:
  messaging: { broker: rabbitmq, durable: true, delivery: at-least-once }
  deadLetter: { queue: dead-letters, maxDeliveries: 5 }
  retryPolicies:
    default: { maxAttempts: 5, backoff: exponential, initialDelay: 200ms, maxDelay: 30s }
    forever: { maxAttempts: unlimited, backoff: exponential, initialDelay: 1s, maxDelay: 5m }
  defaultRetry: default
  transactions: none
  observability: { correlation: true, tracing: opentelemetry, metrics: true }
`;

/** `eda-advisor init [file]`: writes the starter design; never overwrites. */
export function makeInitCommand(): Command {
  return new Command('init')
    .description('Write a commented starter design (never overwrites a file).')
    .argument('[file]', 'where to write it', 'design.yaml')
    .action((file: string) => {
      const shown = displayName(file);
      if (existsSync(file)) throw new InputError(shown, 'already exists; eda-advisor init never overwrites a file. Name another file.');
      try {
        writeFileAtomic(file, STARTER);
      } catch (err) {
        throw new InputError(shown, `cannot be written (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); nothing was written.`);
      }
      process.stdout.write(`Wrote ${shown}. Review it with: eda-advisor review ${shown}\n`);
    });
}
