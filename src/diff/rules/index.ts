import type { DiffRule } from '../define.js';
import commandAdded from './command-added.js';
import commandRemoved from './command-removed.js';
import commandRenamed from './command-renamed.js';
import compensationRemoved from './compensation-removed.js';
import correlationChanged from './correlation-changed.js';
import eventAdded from './event-added.js';
import eventRemoved from './event-removed.js';
import eventRenamed from './event-renamed.js';
import externalContractChangedWithoutVersion from './external-contract-changed-without-version.js';
import fieldAdded from './field-added.js';
import fieldRemoved from './field-removed.js';
import internalMadeExternal from './internal-made-external.js';
import pivotMoved from './pivot-moved.js';
import processAdded from './process-added.js';
import processRemoved from './process-removed.js';
import requiredFieldAdded from './required-field-added.js';
import retryWeakened from './retry-weakened.js';
import stateRemovedWithInstances from './state-removed-with-instances.js';
import stateRenamed from './state-renamed.js';
import stepRemoved from './step-removed.js';
import timeoutRemoved from './timeout-removed.js';
import timeoutShortened from './timeout-shortened.js';

/** Every change rule, by id (rules/diff/<name>.yaml has each one's metadata; the catalogue test keeps the two equal). */
export const DIFF_RULES: readonly DiffRule[] = [
  commandAdded,
  commandRemoved,
  commandRenamed,
  compensationRemoved,
  correlationChanged,
  eventAdded,
  eventRemoved,
  eventRenamed,
  externalContractChangedWithoutVersion,
  fieldAdded,
  fieldRemoved,
  internalMadeExternal,
  pivotMoved,
  processAdded,
  processRemoved,
  requiredFieldAdded,
  retryWeakened,
  stateRemovedWithInstances,
  stateRenamed,
  stepRemoved,
  timeoutRemoved,
  timeoutShortened,
];
