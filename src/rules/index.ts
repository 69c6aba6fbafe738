import type { AnyRule } from '../engine/define-rule.js';
import batchPartialFailure from './batch-partial-failure.js';
import deadEndState from './dead-end-state.js';
import distributedTransaction from './distributed-transaction.js';
import eventCycle from './event-cycle.js';
import externalEventContract from './external-event-contract.js';
import godProcessManager from './god-process-manager.js';
import insufficientEventContext from './insufficient-event-context.js';
import leakingInternalEvent from './leaking-internal-event.js';
import missingCompensation from './missing-compensation.js';
import missingDeadLetter from './missing-dead-letter.js';
import missingFailurePath from './missing-failure-path.js';
import missingObservability from './missing-observability.js';
import missingOutbox from './missing-outbox.js';
import missingRetryPolicy from './missing-retry-policy.js';
import missingTimeout from './missing-timeout.js';
import namingConvention from './naming-convention.js';
import nonIdempotentConsumer from './non-idempotent-consumer.js';
import nonRetriableCompensation from './non-retriable-compensation.js';
import orphanEvent from './orphan-event.js';
import patternMismatch from './pattern-mismatch.js';
import pivotViolation from './pivot-violation.js';
import schema from './schema.js';
import syncDependency from './sync-dependency.js';
import unknownReference from './unknown-reference.js';
import unproducedEvent from './unproduced-event.js';
import unreachableState from './unreachable-state.js';
import unreliableMessaging from './unreliable-messaging.js';
import unusedSuppression from './unused-suppression.js';
import yamlSyntax from './yaml-syntax.js';

/** Every rule, sorted by id: an explicit list, so that nothing is loaded by scanning folders. */
export const RULES: readonly AnyRule[] = [
  batchPartialFailure,
  deadEndState,
  distributedTransaction,
  eventCycle,
  externalEventContract,
  godProcessManager,
  insufficientEventContext,
  leakingInternalEvent,
  missingCompensation,
  missingDeadLetter,
  missingFailurePath,
  missingObservability,
  missingOutbox,
  missingRetryPolicy,
  missingTimeout,
  namingConvention,
  nonIdempotentConsumer,
  nonRetriableCompensation,
  orphanEvent,
  patternMismatch,
  pivotViolation,
  schema,
  syncDependency,
  unknownReference,
  unproducedEvent,
  unreachableState,
  unreliableMessaging,
  unusedSuppression,
  yamlSyntax,
];
