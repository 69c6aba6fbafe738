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

export const SECTIONS: readonly { readonly id: SectionId; readonly title: string }[] = [
  { id: 'scenarioSummary', title: 'Scenario Summary' },
  { id: 'recommendedPattern', title: 'Recommended Pattern' },
  { id: 'implementationApproach', title: 'Implementation Approach' },
  { id: 'keyComponents', title: 'Key Components' },
  { id: 'errorHandlingStrategy', title: 'Error Handling Strategy' },
  { id: 'integrationPoints', title: 'Integration Points' },
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
