import type { Finding } from '../findings.js';
import type { Pattern } from '../model/types.js';

/** The guidance for one process in the seed's six sections: what schemas/guidance.schema.json describes. */
export interface Guidance {
  readonly scenarioSummary: string;
  readonly recommendedPattern: { readonly pattern: Pattern; readonly fitsDeclared: boolean; readonly reasons: readonly string[] };
  readonly implementationApproach: readonly string[];
  readonly keyComponents: readonly { readonly name: string; readonly responsibility: string }[];
  readonly errorHandlingStrategy: readonly string[];
  readonly integrationPoints: readonly string[];
}

export type SectionId = Exclude<keyof Guidance, never>;

/** The six sections of the guidance, in order, with what each holds (the LLM pass's prompt and the MCP resource say it so). */
export const SECTIONS: readonly { readonly id: SectionId; readonly title: string; readonly what: string }[] = [
  {
    id: 'scenarioSummary',
    title: 'Scenario Summary',
    what: 'a short paragraph on what the process does, who starts it, who takes part, how it ends.',
  },
  {
    id: 'recommendedPattern',
    title: 'Recommended Pattern',
    what: 'the pattern, whether it is the declared one, and the reasons from this design.',
  },
  {
    id: 'implementationApproach',
    title: 'Implementation Approach',
    what: 'ordered steps: the local transactions, the event → command → event layers, the compensations, correlation.',
  },
  {
    id: 'keyComponents',
    title: 'Key Components',
    what: 'each component and its single responsibility (coordinator, command handlers, outbox or event store, message bus, retry policies, dead-letter queue, observability).',
  },
  {
    id: 'errorHandlingStrategy',
    title: 'Error Handling Strategy',
    what: 'per step or failure point: transient errors (retry policy), permanent errors (the compensations in order, the outcome), the pivot, timeouts, idempotency.',
  },
  {
    id: 'integrationPoints',
    title: 'Integration Points',
    what: 'command.Bus, command.Handler, event.Stream, event store streams, internal versus external events, enrichment at the boundary.',
  },
];

/** The guidance of one process, where it came from, and the open findings placed in its sections. */
export interface ProcessGuidance {
  readonly process: string;
  readonly pattern: Pattern;
  readonly source: 'offline' | 'llm';
  /** The model that wrote it, for the LLM pass. */
  readonly model?: string;
  readonly guidance: Guidance;
  /** The open findings that concern the process, by the section where each belongs. */
  readonly findings: Readonly<Partial<Record<SectionId, readonly Finding[]>>>;
}
