import type { Ref } from '../findings.js';

/** A name written somewhere in the design, and where: the thing a reference resolves from. */
export interface NameRef {
  readonly name: string;
  readonly ref: Ref;
}

export interface Field {
  readonly name: string;
  readonly optional: boolean;
  /** The informative type of the map form (`{ total: decimal }`), as written. */
  readonly type?: string;
}

export interface Context {
  readonly name: string;
  readonly ref: Ref;
  readonly owner?: string;
}

export type Persistence = 'event-sourced' | 'state-stored' | 'none';
export type Publishing = 'event-store' | 'outbox' | 'direct' | 'none';

export interface ConsumerDefaults {
  readonly ref: Ref;
  readonly idempotent?: boolean;
  readonly deadLetter?: string | false;
  readonly retry?: NameRef;
}

export interface Call {
  readonly ref: Ref;
  readonly service: NameRef;
  readonly protocol?: string;
  readonly timeout?: string;
}

export interface Service {
  readonly name: string;
  readonly ref: Ref;
  readonly context?: NameRef;
  /** The persistence the service has, `state-stored` when it says nothing. */
  readonly persistence: Persistence;
  readonly persistenceDeclared: boolean;
  readonly publishing?: Publishing;
  readonly consumers?: ConsumerDefaults;
  readonly calls: readonly Call[];
  readonly subscribes: readonly NameRef[];
}

export interface Command {
  readonly name: string;
  readonly ref: Ref;
  readonly handledBy?: NameRef;
  /** Undefined when the command does not declare its fields. */
  readonly fields?: readonly Field[];
  readonly idempotencyKey?: NameRef;
  readonly retry?: NameRef;
  readonly readOnly: boolean;
}

export interface Event {
  readonly name: string;
  readonly ref: Ref;
  readonly producedBy?: NameRef;
  /** `source: external`: a third party's event, with no producer in the design. */
  readonly fromOutside: boolean;
  readonly visibility: 'internal' | 'external';
  readonly visibilityDeclared: boolean;
  readonly fields?: readonly Field[];
  readonly version?: string | number;
  readonly partitionKey?: NameRef;
  readonly consumedBy: readonly NameRef[];
  /** The commands this event replies to (1.1: one reply type may answer several); empty when it is no reply. */
  readonly replyTo: readonly NameRef[];
}

/** How the effect of a command is undone. */
export interface Compensation {
  readonly ref: Ref;
  readonly command?: NameRef;
  readonly event?: NameRef;
  readonly retry?: NameRef;
  readonly onSuccess?: NameRef;
  readonly onFailure: readonly NameRef[];
  /** (1.1) Compensating command field <- field the process holds. */
  readonly map: Readonly<Record<string, string>>;
  /** (1.1) Fields the coordinator fills in itself. */
  readonly sets: readonly string[];
}

export type Pattern = 'saga' | 'process-manager' | 'choreography';
export type StepKind = 'compensatable' | 'pivot' | 'retriable';

export interface Step {
  readonly index: number;
  readonly name: string;
  readonly ref: Ref;
  readonly commands: readonly NameRef[];
  readonly atomic: boolean;
  readonly forEach?: string;
  readonly as?: string;
  readonly partialFailure?: 'fail-all' | 'compensate-completed' | 'continue';
  readonly onSuccess?: NameRef;
  readonly onFailure: readonly NameRef[];
  readonly declaredKind?: StepKind;
  /** The step's own `compensation:` (a command or an object), if it declares one. */
  readonly ownCompensation?: Compensation;
  /** (1.1) `compensation: none`: the step's effect needs no undo; where it is written. */
  readonly noCompensation?: Ref;
  readonly coveredBy?: NameRef;
  readonly retry?: NameRef;
  readonly timeout?: string;
  readonly condition?: string;
  readonly map: Readonly<Record<string, string>>;
  /** (1.1) Fields the coordinator fills in itself (constants, computed values). */
  readonly sets: readonly string[];
  readonly compensateOnFailure: boolean;
  /** `readOnly: true` on the step. Read-only commands are in `Command.readOnly`. */
  readonly declaredReadOnly: boolean;
}

export interface Action {
  readonly ref: Ref;
  readonly send: readonly NameRef[];
  readonly publish: readonly NameRef[];
  readonly forEach?: string;
  readonly as?: string;
  readonly map: Readonly<Record<string, string>>;
  /** (1.1) Fields the coordinator fills in itself. */
  readonly sets: readonly string[];
  /** (1.1) With forEach: what the batch does when some elements fail. */
  readonly partialFailure?: 'fail-all' | 'compensate-completed' | 'continue';
}

export interface Transition extends Action {
  /** Absent: the process stays in its state. */
  readonly goto?: NameRef;
  readonly condition?: string;
}

export interface Handler {
  /** The event (or a command the coordinator handles) that triggers the transition. */
  readonly message: NameRef;
  readonly alternatives: readonly Transition[];
}

export interface StateTimeout extends Transition {
  readonly after: string;
}

export interface State {
  readonly name: string;
  readonly ref: Ref;
  readonly terminal?: 'success' | 'failure';
  readonly onEntry?: Action;
  readonly on: readonly Handler[];
  readonly timeout?: StateTimeout;
}

export interface Reaction {
  readonly index: number;
  readonly ref: Ref;
  readonly when: NameRef;
  readonly service: NameRef;
  readonly command?: NameRef;
  /** Every event the reaction may publish: its `emits`, then its `onFailure`. */
  readonly emits: readonly NameRef[];
  /** (1.1) Outcomes that report the command did not take effect (also in `emits`). */
  readonly onFailure: readonly NameRef[];
  /** Whether the reaction declares `onFailure`; when it does not, failure outcomes are read by name. */
  readonly onFailureDeclared: boolean;
  readonly condition?: string;
  readonly map: Readonly<Record<string, string>>;
  /** (1.1) Fields the reacting service fills in itself. */
  readonly sets: readonly string[];
}

export interface Process {
  readonly name: string;
  readonly ref: Ref;
  readonly pattern: Pattern;
  readonly coordinator?: NameRef;
  readonly startedBy: readonly NameRef[];
  readonly schedule?: string;
  readonly correlationKey?: string;
  readonly correlationHeader: boolean;
  /** (1.1) Messages that carry the correlation key under another field: message -> that field. */
  readonly correlateBy: ReadonlyMap<string, NameRef>;
  readonly timeout?: string;
  readonly completesWith?: NameRef;
  readonly failsWith?: NameRef;
  readonly data: readonly string[];
  readonly compensationOrder: 'reverse' | 'parallel';
  readonly steps: readonly Step[];
  readonly initial?: NameRef;
  readonly states: ReadonlyMap<string, State>;
  readonly reactions: readonly Reaction[];
}

export interface RetryPolicy {
  readonly name: string;
  readonly ref: Ref;
  readonly maxAttempts?: number | 'unlimited';
  readonly backoff?: string;
  /** The wait before the first retry, and the longest wait between attempts (durations as written). */
  readonly initialDelay?: string;
  readonly maxDelay?: string;
  readonly intervals?: readonly string[];
  /** (1.1, informative) Waits are randomised. */
  readonly jitter?: boolean;
  /** (1.1, informative) Errors not retried. */
  readonly nonRetryable?: readonly string[];
}

export interface Infrastructure {
  readonly ref: Ref;
  readonly declared: boolean;
  readonly messaging?: { readonly ref: Ref; readonly broker?: string; readonly durable?: boolean; readonly delivery?: string };
  readonly eventStore?: string;
  readonly workflowEngine?: string;
  /** Undefined when not declared; false when declared as none. */
  readonly deadLetter?: { readonly queue: string; readonly maxDeliveries?: number } | false;
  readonly retryPolicies: ReadonlyMap<string, RetryPolicy>;
  readonly defaultRetry?: NameRef;
  readonly transactions?: string;
  readonly observability?: { readonly ref: Ref; readonly correlation?: boolean; readonly tracing?: string; readonly metrics?: boolean };
}

export type ReferenceKind = 'context' | 'service' | 'command' | 'event' | 'message' | 'state' | 'step' | 'retry policy' | 'field';

/** A name that the design uses but does not declare. */
export interface Unresolved {
  readonly kind: ReferenceKind;
  readonly name: string;
  readonly ref: Ref;
  /** What the name was meant to be, for the message: "the handler of command 'X'". */
  readonly role: string;
  readonly suggestion?: string;
  /** The name exists but cannot be used here (a step's coveredBy naming itself or a later step). */
  readonly misplaced?: { readonly code: 'covered-by-itself' | 'covered-by-later'; readonly step: string };
}

/** Who reads an event, and through which part of the design. */
export interface Consumption {
  readonly event: string;
  /** The service that consumes it (a process's coordinator for steps and states). */
  readonly service: string;
  readonly via: 'step' | 'state' | 'reaction' | 'subscribes' | 'consumedBy' | 'startedBy';
  readonly process?: string;
  readonly ref: Ref;
}

/** Who puts an event into the world. */
export interface Production {
  readonly event: string;
  readonly service: string;
  readonly via: 'producedBy' | 'reaction' | 'publish';
  readonly process?: string;
  readonly ref: Ref;
}

/** A command a process sends, in the order the process is written. */
export interface Send {
  readonly command: string;
  readonly ref: Ref;
  readonly via: 'step' | 'entry' | 'transition' | 'timeout' | 'reaction';
  /** The compensating commands a process sends count apart (god-process-manager ignores them). */
  readonly isCompensation: boolean;
}

/** A name declared in two files of one design (imports). */
export interface Duplicate {
  readonly kind: string;
  readonly name: string;
  readonly first: Ref;
  readonly second: Ref;
}

/** The resolved semantic model of one design: what every rule reads. */
export interface Design {
  readonly file: string;
  readonly name: string;
  readonly contexts: ReadonlyMap<string, Context>;
  readonly services: ReadonlyMap<string, Service>;
  readonly commands: ReadonlyMap<string, Command>;
  readonly events: ReadonlyMap<string, Event>;
  /** By the command whose effect is undone. */
  readonly compensations: ReadonlyMap<string, Compensation>;
  /** (1.1) `compensations: { X: none }`: commands whose effect needs no undo, with where that is said. */
  readonly noUndo: ReadonlyMap<string, Ref>;
  readonly processes: ReadonlyMap<string, Process>;
  readonly infrastructure: Infrastructure;
  readonly unresolved: readonly Unresolved[];
  /** Names declared in two files of the design. */
  readonly duplicates: readonly Duplicate[];
}
