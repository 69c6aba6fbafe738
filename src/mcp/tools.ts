import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { reviewOneFile } from '../app/design.js';
import { runGuidance } from '../app/guidance.js';
import { runInit } from '../app/init.js';
import { runSimulate } from '../app/simulate.js';
import { runVerify } from '../app/verify.js';
import { BlockedByFindings, InputError, UsageError } from '../errors.js';
import type { Finding } from '../findings.js';
import { findingJson } from '../formatters/json.js';
import type { Design } from '../model/types.js';
import { formatSimulationJson } from '../formatters/simulation.js';
import { formatVerifyJson } from '../formatters/verify.js';
import { SEVERITY_OF } from '../diff/classes.js';
import { DIFF_META } from '../generated/diff-meta.js';
import { RULES_META } from '../generated/rules-meta.js';
import { DEFAULT_MAX_FILE_SIZE, displayName, type Source } from '../parse/load.js';
import { readRuleDoc } from '../rules/docs.js';
import { RULE_IDS } from '../rules/ids.js';
import { PATTERNS, type StarterPattern } from '../starters/patterns.js';
import { didYouMean } from '../util/nearest.js';
import { schemaFile } from '../util/package-root.js';
import { realPath } from '../util/paths.js';
import { explainProperty } from '../verify/explain.js';
import { FAULT_IDS } from '../verify/terms.js';
import { applyEdit, FIXABLE, FixError, planFix } from './fixes.js';

/** A tool's failure: its one-line message is what the client sees (isError), never a crash of the server. */
export class ToolError extends Error {}

type Json = Record<string, unknown>;

export interface Tool {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly inputSchema: Json & { type: 'object' };
  readonly outputSchema: Json & { type: 'object' };
  readonly readOnly: boolean;
  run(args: Json, root: string): Promise<Json>;
}

// ---- inputs ------------------------------------------------------------------------------------

const designInput = {
  path: { type: 'string', description: "A design file, relative to the server's working folder (and inside it)." },
  text: { type: 'string', description: 'The design itself, as YAML or JSON text, instead of a path.' },
  name: {
    type: 'string',
    description:
      "The file name inline text is reviewed under (its findings carry it; imports and .eda-advisor.yaml are found from it). Default: 'design.yaml'.",
  },
} as const;

const processInput = { process: { type: 'string', description: 'Only this process (default: every process of the design).' } } as const;

/** A path inside the root, through symbolic links; anything else is refused (imports follow the same policy). */
export function insideRoot(root: string, given: string, what: string): string {
  const abs = path.resolve(root, given);
  const rel = path.relative(realPath(root), realPath(abs));
  if (rel.startsWith('..') || path.isAbsolute(rel))
    throw new ToolError(`${what} '${given}' is outside the server's working folder ${root}; name a file inside it.`);
  return abs;
}

/** The design a call names: a file inside the root, or inline text (under the file size limit). */
function designOf(args: Json, root: string): { file: string; source?: Source } {
  const given = typeof args.path === 'string' ? args.path : undefined;
  const text = typeof args.text === 'string' ? args.text : undefined;
  if ((given === undefined) === (text === undefined)) throw new ToolError("give the design as 'path' or as 'text', one of the two.");
  if (given !== undefined) return { file: displayName(insideRoot(root, given, 'the path'), root) };
  const size = Buffer.byteLength(text ?? '', 'utf8');
  if (size > DEFAULT_MAX_FILE_SIZE) throw new ToolError(`the inline design is ${size} bytes, over the ${DEFAULT_MAX_FILE_SIZE}-byte limit for a design file.`);
  const name = typeof args.name === 'string' && args.name !== '' ? args.name : 'design.yaml';
  const file = displayName(insideRoot(root, name, 'the name'), root);
  return { file, source: { file, text: text ?? '' } };
}

// ---- outputs -----------------------------------------------------------------------------------

const findingSchema = {
  type: 'object',
  required: ['ruleId', 'messageId', 'severity', 'message', 'file', 'line', 'column', 'endLine', 'endColumn', 'path'],
  properties: {
    ruleId: { type: 'string' },
    messageId: { type: 'string' },
    severity: { enum: ['error', 'warning', 'info'] },
    message: { type: 'string' },
    hint: { type: 'string' },
    file: { type: 'string' },
    line: { type: 'integer' },
    column: { type: 'integer' },
    endLine: { type: 'integer' },
    endColumn: { type: 'integer' },
    path: {
      type: 'array',
      items: { type: ['string', 'integer'] },
      description: 'The node the finding is about, as keys and indexes: ["services", "Payments", "publishing"].',
    },
    data: { type: 'object', description: "What filled the message's placeholders." },
  },
} as const;

const summarySchema = {
  type: 'object',
  required: ['errors', 'warnings', 'infos'],
  properties: { errors: { type: 'integer' }, warnings: { type: 'integer' }, infos: { type: 'integer' } },
} as const;

const reviewSchema = {
  type: 'object',
  required: ['file', 'findings', 'summary'],
  properties: { file: { type: 'string' }, findings: { type: 'array', items: findingSchema }, summary: summarySchema },
} as const;

// ---- the use cases -----------------------------------------------------------------------------

interface Reviewed {
  readonly file: string;
  readonly findings: readonly Finding[];
  /** The model, when the design is sound enough to have one. */
  readonly design?: Design;
}

function review(root: string, file: string, source: Source | undefined, config: string | undefined): Reviewed {
  const { review: r } = reviewOneFile(file, { ...(source ? { source } : {}), ...(config ? { config: insideRoot(root, config, 'the configuration') } : {}) });
  return { file, findings: r.findings, ...(r.design ? { design: r.design } : {}) };
}

function reviewOut(r: Reviewed): Json {
  const count = (s: string) => r.findings.filter((f) => f.severity === s).length;
  return { file: r.file, findings: r.findings.map(findingJson), summary: { errors: count('error'), warnings: count('warning'), infos: count('info') } };
}

/** The design's text, from the call or from its file. */
function textOf(root: string, file: string, source: Source | undefined): string {
  if (source) return source.text;
  try {
    return readFileSync(path.resolve(root, file), 'utf8');
  } catch (err) {
    throw new ToolError(`${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}.`);
  }
}

/** A JSON report of a formatter, as data. */
const data = (text: string): Json => JSON.parse(text) as Json;

export const TOOLS: readonly Tool[] = [
  {
    name: 'review_design',
    title: 'Review a design',
    description:
      'Review an event-driven design (services, commands, events, compensations, sagas, process managers, choreographies) against the checklist and the anti-patterns. Returns every finding with its rule id, severity, message, hint, line, column and node path. Run it after every change to a design.',
    inputSchema: {
      type: 'object',
      properties: { ...designInput, config: { type: 'string', description: 'A configuration file (.eda-advisor.yaml) to use instead of the nearest one.' } },
      additionalProperties: false,
    },
    outputSchema: reviewSchema,
    readOnly: true,
    async run(args, root) {
      const { file, source } = designOf(args, root);
      return reviewOut(review(root, file, source, typeof args.config === 'string' ? args.config : undefined));
    },
  },
  {
    name: 'simulate',
    title: 'Simulate failures',
    description:
      'Fail each process of a design for good at every failure point (each step, each failure event, each timeout) and trace what follows: the commands that had run, the compensations sent and in which order, the outcome, and whether the trace is consistent.',
    inputSchema: {
      type: 'object',
      properties: {
        ...designInput,
        ...processInput,
        failAt: { type: 'string', description: 'Only this failure point: a step, a state, State.Event, State.timeout, or an event.' },
      },
      additionalProperties: false,
    },
    outputSchema: {
      type: 'object',
      required: ['version', 'files', 'summary'],
      properties: { version: { const: 1 }, files: { type: 'array' }, summary: { type: 'object' } },
    },
    readOnly: true,
    async run(args, root) {
      const { file, source } = designOf(args, root);
      const outcome = runSimulate(file, {
        ...(source ? { source } : {}),
        ...(typeof args.process === 'string' ? { process: args.process } : {}),
        ...(typeof args.failAt === 'string' ? { failAt: args.failAt } : {}),
      });
      return data(formatSimulationJson([outcome.report]));
    },
  },
  {
    name: 'verify',
    title: 'Verify every failure ordering',
    description:
      'Explore every ordering of deliveries, timeouts and faults (duplicates, lost messages, crashes between a state write and a publish, late replies, retries running out, reordering, a second start) and return, per process, either that no run breaks a property within the bounds or the shortest run that does, step by step, with where the fix belongs.',
    inputSchema: {
      type: 'object',
      properties: {
        ...designInput,
        ...processInput,
        faults: { type: 'array', items: { enum: [...FAULT_IDS] }, description: 'The faults to inject (default: all).' },
        maxStates: { type: 'integer', minimum: 1, maximum: 1_000_000, description: 'States explored per process before the search stops (default 50,000).' },
        depth: { type: 'integer', minimum: 1, maximum: 1000, description: 'Steps in one run (default 60).' },
        maxFaults: { type: 'integer', minimum: 0, maximum: 10, description: 'Faults in one run (default 2).' },
      },
      additionalProperties: false,
    },
    outputSchema: {
      type: 'object',
      required: ['version', 'file', 'bounds', 'processes'],
      properties: { version: { const: 1 }, file: { type: 'string' }, bounds: { type: 'object' }, processes: { type: 'array' } },
    },
    readOnly: true,
    async run(args, root) {
      const { file, source } = designOf(args, root);
      const outcome = runVerify(file, {
        ...(source ? { source } : {}),
        ...(typeof args.process === 'string' ? { process: args.process } : {}),
        ...(Array.isArray(args.faults) ? { faults: args.faults as string[] } : {}),
        ...(typeof args.maxStates === 'number' ? { maxStates: args.maxStates } : {}),
        ...(typeof args.depth === 'number' ? { depth: args.depth } : {}),
        ...(typeof args.maxFaults === 'number' ? { maxFaults: args.maxFaults } : {}),
      });
      return data(formatVerifyJson(outcome.report));
    },
  },
  {
    name: 'explain_rule',
    title: 'Explain a rule',
    description:
      "A rule's title, what it checks, why it matters, how to fix it, its options and examples; also verify's properties (verify/duplicate-effect, …).",
    inputSchema: {
      type: 'object',
      required: ['id'],
      properties: { id: { type: 'string', description: 'A rule id, as list_rules gives them.' } },
      additionalProperties: false,
    },
    outputSchema: {
      type: 'object',
      required: ['id', 'markdown'],
      properties: {
        id: { type: 'string' },
        title: { type: 'string' },
        severity: { type: 'string' },
        why: { type: 'string' },
        fix: { type: 'string' },
        examples: { type: 'array' },
        markdown: { type: 'string' },
      },
    },
    readOnly: true,
    async run(args) {
      const id = String(args.id);
      if (id.startsWith('verify/')) {
        try {
          return { id, markdown: explainProperty(id.slice('verify/'.length)) };
        } catch (err) {
          throw new ToolError((err as Error).message);
        }
      }
      if (!RULE_IDS.includes(id)) throw new ToolError(`'${id}' is not a rule id${didYouMean(id, RULE_IDS) || '; list_rules lists them.'}`);
      const { ruleMarkdown } = await import('../rules/docs.js');
      const { RULES } = await import('../rules/index.js');
      const doc = readRuleDoc(id);
      return {
        id,
        title: doc.title,
        severity: doc.severity,
        why: doc.why,
        fix: doc.fix,
        examples: doc.examples.map((e) => ({ name: e.name, design: e.design, findings: e.findings })),
        markdown: ruleMarkdown(doc, RULES.find((r) => r.id === id)?.messages),
      };
    },
  },
  {
    name: 'list_rules',
    title: 'List the rules',
    description:
      "Every rule: id, area, default severity, title and summary, and whether propose_fix has a mechanical fix for it; then diff's change rules (area 'diff').",
    inputSchema: { type: 'object', properties: {}, additionalProperties: false },
    outputSchema: {
      type: 'object',
      required: ['rules'],
      properties: {
        rules: {
          type: 'array',
          items: {
            type: 'object',
            required: ['id', 'category', 'severity', 'title', 'summary', 'fixable'],
            properties: {
              id: { type: 'string' },
              category: { type: 'string' },
              severity: { type: 'string' },
              title: { type: 'string' },
              summary: { type: 'string' },
              fixable: { type: 'boolean' },
            },
          },
        },
      },
    },
    readOnly: true,
    async run() {
      const rules = RULE_IDS.map((id) => RULES_META[id])
        .filter((m) => m !== undefined)
        .map((m) => ({ id: m.id, category: m.category, severity: m.severity, title: m.title, summary: m.summary, fixable: FIXABLE[m.id] !== undefined }));
      // The change rules of diff and review --since, their class shown as a severity.
      const changes = Object.values(DIFF_META)
        .sort((a, b) => a.id.localeCompare(b.id))
        .map((m) => ({ id: m.id, category: 'diff', severity: SEVERITY_OF[m.class], title: m.title, summary: m.summary, fixable: false }));
      return { rules: [...rules, ...changes] };
    },
  },
  {
    name: 'get_schema',
    title: 'The design JSON Schema',
    description: 'The JSON Schema of the design format, to draft a design that validates.',
    inputSchema: { type: 'object', properties: {}, additionalProperties: false },
    outputSchema: { type: 'object', required: ['schema'], properties: { schema: { type: 'object' } } },
    readOnly: true,
    async run() {
      return { schema: JSON.parse(readFileSync(schemaFile('design'), 'utf8')) as Json };
    },
  },
  {
    name: 'init_design',
    title: 'A starter design',
    description: 'A commented starter design of a pattern (saga, process-manager or choreography), as text; nothing is written.',
    inputSchema: {
      type: 'object',
      properties: { pattern: { enum: [...PATTERNS], default: 'saga', description: 'The pattern of the starter.' } },
      additionalProperties: false,
    },
    outputSchema: { type: 'object', required: ['pattern', 'text'], properties: { pattern: { type: 'string' }, text: { type: 'string' } } },
    readOnly: true,
    async run(args, root) {
      const pattern = (typeof args.pattern === 'string' ? args.pattern : 'saga') as StarterPattern;
      const outcome = await runInit({ file: '-', pattern, cwd: root });
      return { pattern, text: outcome.text };
    },
  },
  {
    name: 'guidance',
    title: 'Guidance per process',
    description:
      'The guidance for each process in the fixed format (Scenario Summary, Recommended Pattern, Implementation Approach, Key Components, Error Handling Strategy, Integration Points), written offline from the review and the simulation. You are the language model: reason from it.',
    inputSchema: { type: 'object', properties: { ...designInput, ...processInput }, additionalProperties: false },
    outputSchema: {
      type: 'object',
      required: ['version', 'file', 'design', 'processes'],
      properties: { version: { const: 1 }, file: { type: 'string' }, design: { type: 'string' }, processes: { type: 'array' } },
    },
    readOnly: true,
    async run(args, root) {
      const { file, source } = designOf(args, root);
      const outcome = await runGuidance(
        file,
        {
          format: 'json',
          llm: false,
          llmTimeout: 0,
          llmRetries: 0,
          maxFileSize: DEFAULT_MAX_FILE_SIZE,
          ...(source ? { source } : {}),
          ...(typeof args.process === 'string' ? { process: args.process } : {}),
        },
        { terminal: false, notice: () => undefined, progress: () => undefined },
      );
      return data(outcome.text ?? '{}');
    },
  },
  {
    name: 'propose_fix',
    title: 'Propose fixes',
    description: `For the findings that have a mechanical fix (${Object.keys(FIXABLE).join(', ')}), the design's text with the fixes made (comments and formatting kept: only the lines a fix adds or changes differ), a unified diff, and the review of the fixed text. Nothing is written.`,
    inputSchema: {
      type: 'object',
      properties: {
        ...designInput,
        ruleId: { type: 'string', description: "Only this rule's findings." },
        line: { type: 'integer', minimum: 1, description: 'Only the findings on this line.' },
      },
      additionalProperties: false,
    },
    outputSchema: {
      type: 'object',
      required: ['file', 'fixes', 'notFixed', 'patched', 'diff', 'review'],
      properties: {
        file: { type: 'string' },
        fixes: {
          type: 'array',
          items: {
            type: 'object',
            required: ['change', 'findings'],
            properties: { change: { type: 'string' }, findings: { type: 'array', items: findingSchema } },
          },
        },
        notFixed: {
          type: 'array',
          items: { type: 'object', required: ['finding', 'reason'], properties: { finding: findingSchema, reason: { type: 'string' } } },
        },
        patched: { type: 'string', description: 'The whole design with the fixes made.' },
        diff: { type: 'string', description: 'The fixes as a unified diff.' },
        review: reviewSchema,
      },
    },
    readOnly: true,
    async run(args, root) {
      const { file, source } = designOf(args, root);
      const text = textOf(root, file, source);
      const before = review(root, file, source ?? { file, text }, undefined);
      const wanted = before.findings.filter(
        (f) => (args.ruleId === undefined || f.ruleId === args.ruleId) && (args.line === undefined || f.line === args.line),
      );
      const design = before.design;
      const fixes = new Map<string, { change: string; findings: Finding[]; edits: Parameters<typeof applyEdit>[1][] }>();
      const notFixed: Json[] = [];
      for (const f of wanted) {
        if (f.file !== file) {
          notFixed.push({ finding: findingJson(f), reason: `it is in ${f.file}; call propose_fix on that file` });
          continue;
        }
        const plan = design ? planFix(design, f) : { reason: 'the design does not parse or follow the schema; fix its yaml-syntax and schema findings first' };
        if ('reason' in plan) {
          notFixed.push({ finding: findingJson(f), reason: plan.reason });
          continue;
        }
        const known = fixes.get(plan.key);
        if (known) known.findings.push(f);
        else fixes.set(plan.key, { change: plan.says, findings: [f], edits: [...plan.edits] });
      }
      let patched = text;
      for (const [key, fix] of fixes) {
        try {
          for (const edit of fix.edits) patched = applyEdit(patched, edit);
        } catch (err) {
          if (!(err instanceof FixError)) throw err;
          fixes.delete(key);
          for (const f of fix.findings) notFixed.push({ finding: findingJson(f), reason: err.message });
        }
      }
      const after = review(root, file, { file, text: patched }, undefined);
      return {
        file,
        fixes: [...fixes.values()].map((x) => ({ change: x.change, findings: x.findings.map(findingJson) })),
        notFixed,
        patched,
        diff: patched === text ? '' : createTwoFilesPatch(`a/${file}`, `b/${file}`, text, patched, '', '', { context: 2 }),
        review: reviewOut(after),
      };
    },
  },
];

/** An error of a use case as the one line a client sees. */
export function toolMessage(err: unknown): string | undefined {
  if (err instanceof ToolError || err instanceof UsageError) return err.message;
  if (err instanceof InputError) return err.message;
  if (err instanceof BlockedByFindings) {
    // The first line says why; the findings are review_design's to give.
    const first = err.message.split('\n')[0] ?? err.message;
    return `${first.replace(/:$/, '')}; review_design lists its findings.`;
  }
  return undefined;
}
