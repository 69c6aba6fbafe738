import type { AnyRule } from '../engine/define-rule.js';
import distributedTransaction from './distributed-transaction.js';
import godProcessManager from './god-process-manager.js';
import leakingInternalEvent from './leaking-internal-event.js';
import missingCompensation from './missing-compensation.js';
import missingOutbox from './missing-outbox.js';
import schema from './schema.js';
import syncDependency from './sync-dependency.js';
import unknownReference from './unknown-reference.js';
import unreliableMessaging from './unreliable-messaging.js';
import unusedSuppression from './unused-suppression.js';
import yamlSyntax from './yaml-syntax.js';

/** Every implemented rule, sorted by id: an explicit list, so that nothing is loaded by scanning folders. */
export const RULES: readonly AnyRule[] = [
  distributedTransaction,
  godProcessManager,
  leakingInternalEvent,
  missingCompensation,
  missingOutbox,
  schema,
  syncDependency,
  unknownReference,
  unreliableMessaging,
  unusedSuppression,
  yamlSyntax,
];
