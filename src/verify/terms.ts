/**
 * The words of verify, with nothing else: its faults, its properties and its default bounds. The
 * command line, explain and SARIF read them without loading the explorer.
 */
/**
 * The faults verify injects, each derived from what the design says (see faultsOf). A run holds at
 * most `maxFaults` of them.
 */
export const FAULTS = {
  duplicate: 'a message delivered twice (at-least-once delivery, or a crash between handling and acknowledging)',
  loss: 'a message lost (at-most-once delivery)',
  'crash-before-publish': 'a crash between the state write and the publish, in either order (publishing direct or undeclared): a lost message, or a ghost',
  'late-reply': 'a timeout that fires while a command or its reply is still in flight',
  'retries-exhausted': "a handler's retries running out with no dead-letter queue to park the message",
  reorder: 'two messages to one service overtaking each other (no shared partition key)',
  'second-start': 'a second start message with the same correlation key (the coordinator does not de-duplicate it)',
} as const;

export type Fault = keyof typeof FAULTS;
export const FAULT_IDS = Object.keys(FAULTS) as Fault[];

export const DEFAULT_BOUNDS = { maxStates: 50_000, depth: 60, maxFaults: 2 } as const;

export const PROPERTIES = {
  'duplicate-effect': {
    severity: 'error',
    title: 'at most one effect per idempotency key',
    why: 'Under at-least-once delivery a command arrives twice (a redelivery, a crash between handling and acknowledging, a retry after a timeout). A handler that does not de-duplicate applies it twice: two reservations, two charges.',
    fix: "Give the command an idempotencyKey (or declare the handler's consumers: { idempotent: true }), and keep the keys it has applied in the handler's own transaction.",
  },
  'lost-message': {
    severity: 'error',
    title: 'no lost or ghost message (dual write)',
    why: 'A service that saves its state and then publishes to the broker (publishing: direct, or undeclared) can crash between the two writes: the state says the message was sent, the broker never saw it, and the process waits for ever.',
    fix: 'Publish through an outbox (publishing: outbox) or an event store, so that the state and the message commit together; a timeout on the waiting step retries the command.',
  },
  'stuck-instance': {
    severity: 'error',
    title: 'no stuck instance',
    why: 'A run that reaches a point where nothing is in flight, no timer is armed and the process is not finished never ends: its resources stay held and nobody is told.',
    fix: 'Give the waiting step or state a timeout, and name a dead-letter queue so that a message whose retries ran out is kept for a redrive.',
  },
  'left-uncompensated': {
    severity: 'error',
    title: 'all or compensated',
    why: 'A run that ends failed must leave every effect it caused undone. An effect left in place (a reservation, a charge) is the inconsistency a saga exists to prevent; verify finds the runs where one is left, including late effects that land after the compensations ran.',
    fix: 'Declare the compensation of the command, compensate a step that can take effect after a timeout, and do not let a deadline abandon a run whose pivot is in flight.',
  },
  'compensation-before-effect': {
    severity: 'error',
    title: 'no compensation before the effect it undoes',
    why: 'A compensation that reaches its handler before the command it undoes finds nothing to undo; the command then lands, and nothing undoes it. It happens when a timeout compensates a command still in flight and the two travel on different partitions.',
    fix: 'Key the compensating command as the command it undoes (the correlation key in its fields), so that the broker keeps them in order; or let the handler remember a compensation that came first and refuse the late command.',
  },
  'unhandled-message': {
    severity: 'warning',
    title: 'no message where no transition takes it',
    why: 'A reply that arrives after a timeout moved a process manager on, or a duplicate of one it already took, reaches a state with no transition for it: the message is dropped or dead-lettered, and what it reports is lost.',
    fix: 'Handle the late message in the states it can reach (stay, or compensate what it reports), or make the coordinator de-duplicate (consumers: { idempotent: true }).',
  },
} as const;

export type PropertyId = keyof typeof PROPERTIES;
