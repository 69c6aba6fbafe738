import type { FileReview } from '../engine/run.js';
import { reviewSource } from '../engine/run.js';
import { importKindOf } from '../import/sniff.js';
import { BlockedByFindings, UsageError } from '../errors.js';
import type { Finding } from '../findings.js';
import stylish from '../formatters/stylish.js';
import { summarize } from '../formatters/types.js';
import { DEFAULT_THRESHOLDS, type Thresholds } from '../guidance/advisor.js';
import { selectProcesses } from '../model/select.js';
import type { Design, Process } from '../model/types.js';
import { loadSource, type Source } from '../parse/load.js';
import schemaRule from '../rules/schema.js';
import yamlSyntax from '../rules/yaml-syntax.js';
import { reviewFiles } from './review.js';

export interface DesignRequest {
  readonly maxFileSize?: number;
  readonly config?: string;
  /**
   * What the command does with a sound design, for the sentence that says why it stops:
   * `cannot be simulated until` / `can be advised on once`.
   */
  readonly stop: string;
  /**
   * 'full': reviewed as `review` would (same configuration), for commands that show findings
   * (guidance, diagram, walkthrough). 'blocking': only the checks that stop a command (YAML syntax,
   * schema), for those that do not (simulate).
   */
  readonly review: 'full' | 'blocking';
  /** The design's text, already in hand (an MCP client's inline design), in place of reading the file. */
  readonly source?: Source;
}

/** A design sound enough to work on: it parses, follows the schema and is not an AsyncAPI document. */
export interface SoundDesign {
  readonly review: FileReview;
  readonly design: Design;
  /** pattern-mismatch's options, so that guidance and review never disagree on the pattern. */
  readonly thresholds: Thresholds;
}

/**
 * One design reviewed as `review` reviews it (its configuration, every rule), or the error that says
 * why it cannot be: unreadable (InputError), ignored by the configuration (UsageError), a rule that
 * crashed. Text in hand is reviewed as standard input is: under its name, with the configuration found for it.
 */
export function reviewOneFile(
  file: string,
  request: { readonly maxFileSize?: number; readonly config?: string; readonly source?: Source },
): { review: FileReview; options?: Readonly<Record<string, unknown>> } {
  const result = reviewFiles({
    files: [file],
    levels: new Map(),
    ...(request.source ? { converted: new Map([[file, { source: request.source }]]), stdinName: request.source.file } : {}),
    ...(request.maxFileSize ? { maxFileSize: request.maxFileSize } : {}),
    ...(request.config ? { config: request.config } : {}),
  });
  const inputError = result.inputErrors[0];
  if (inputError) throw inputError;
  if (result.ignored.length > 0) throw new UsageError(`${file} matches the configuration's ignorePatterns; it is not reviewed.`);
  const crash = result.crashes[0];
  if (crash) throw new Error(`rule '${crash.ruleId}' crashed on ${crash.file}: ${crash.error}`);
  const options = result.settings.get(file)?.options.get('pattern-mismatch');
  return { review: result.reviews[0] as FileReview, ...(options ? { options } : {}) };
}

/**
 * The one way a command that needs a sound design reads it. A file that cannot be read is an
 * InputError (exit 2), an AsyncAPI document a UsageError that says to import it first, and a
 * design that does not parse or violates the schema a BlockedByFindings with its findings (exit 1).
 */
export function loadSoundDesign(file: string, request: DesignRequest): SoundDesign {
  let review: FileReview;
  let options: Readonly<Record<string, unknown>> | undefined;
  if (request.review === 'full') ({ review, options } = reviewOneFile(file, request));
  else review = reviewSource(request.source ?? loadSource(file, request.maxFileSize), { rules: [yamlSyntax, schemaRule] });
  const value = review.parsed.value;
  const isDesign = value !== null && typeof value === 'object' && 'version' in value;
  if (!isDesign && value !== null && typeof value === 'object' && 'asyncapi' in value) {
    throw new UsageError(
      `${file} is an AsyncAPI document: convert it first (eda-advisor import asyncapi ${file} --output design.yaml), then add its processes; review reads it as it is.`,
    );
  }
  const kind = isDesign ? undefined : importKindOf(review.parsed.source.text.slice(0, 4096));
  if (kind !== undefined) {
    const what = kind === 'bpmn' ? 'a BPMN model' : 'a Step Functions state machine';
    throw new UsageError(`${file} is ${what}: convert it first (eda-advisor import ${kind} ${file} --output design.yaml); review reads it as it is.`);
  }
  const blocking = review.findings.filter((f) => f.ruleId === 'yaml-syntax' || f.ruleId === 'schema');
  if (blocking.length > 0 || !review.design)
    throw new BlockedByFindings(`${file} ${request.stop} it parses and follows the schema:\n${listing(review.file, blocking)}`);
  return { review, design: review.design, thresholds: { ...DEFAULT_THRESHOLDS, ...(options as Partial<Thresholds> | undefined) } };
}

function listing(file: string, findings: readonly Finding[]): string {
  const files = [file];
  return stylish({ files, findings, summary: summarize(files, findings, 0) }, { color: false });
}

/** The processes a command works on (`--process`, else all), or the usage error that says why there are none. */
export function processesOf(design: Design, wanted: string | undefined, file: string, whenNone?: string): Process[] {
  const selection = selectProcesses(design, wanted, file, whenNone);
  if ('missing' in selection) throw new UsageError(selection.missing);
  return selection.processes;
}
