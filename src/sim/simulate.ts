import type { Design, Process } from '../model/types.js';
import { choreographyTraces } from './choreography.js';
import { processManagerTraces } from './process-manager.js';
import { sagaTraces } from './saga.js';
import type { ProcessSimulation } from './trace.js';

/** Injects a permanent failure at every failure point of a process and traces what follows. */
export function simulateProcess(design: Design, process: Process): ProcessSimulation {
  const traces =
    process.pattern === 'saga'
      ? sagaTraces(design, process)
      : process.pattern === 'process-manager'
        ? processManagerTraces(design, process)
        : choreographyTraces(design, process);
  return { process: process.name, pattern: process.pattern, ref: process.ref, traces };
}
