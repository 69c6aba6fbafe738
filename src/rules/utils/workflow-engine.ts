import { relationsOf } from '../../model/graph.js';
import type { Design, Process } from '../../model/types.js';

/**
 * With `infrastructure.workflowEngine` set, every saga and process manager runs on the engine (1.1):
 * it records what a coordinator sends before it runs and holds failed tasks for retry or redrive.
 */
export function engineRun(design: Design, process: Process): boolean {
  return design.infrastructure.workflowEngine !== undefined && process.pattern !== 'choreography';
}

/** The commands that processes run by a workflow engine send (their tasks and activities, compensations included). */
export function engineSentCommands(design: Design): ReadonlySet<string> {
  const out = new Set<string>();
  if (!design.infrastructure.workflowEngine) return out;
  const { sends } = relationsOf(design);
  for (const p of design.processes.values()) if (engineRun(design, p)) for (const s of sends.get(p.name) ?? []) out.add(s.command);
  return out;
}

/** The commands that only processes run by a workflow engine send: no choreography, no other sender. */
export function engineOnlyCommands(design: Design): ReadonlySet<string> {
  const sentByEngine = engineSentCommands(design);
  if (sentByEngine.size === 0) return sentByEngine;
  const { sends } = relationsOf(design);
  const out = new Set(sentByEngine);
  for (const p of design.processes.values()) if (!engineRun(design, p)) for (const s of sends.get(p.name) ?? []) out.delete(s.command);
  return out;
}
