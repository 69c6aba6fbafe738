import { ref, type Path, type Position } from '../findings.js';
import type { Source } from '../parse/load.js';
import { locate } from '../parse/locate.js';
import { parseYaml } from '../parse/yaml.js';
import { list } from '../util/text.js';
import {
  byLastWord,
  closestByEnd,
  duration,
  ImportBuilder,
  kebab,
  orderedStep,
  pascal,
  sharedEnd,
  START,
  type ImportProblem,
  type ImportResult,
} from './imported.js';

/**
 * An AWS Step Functions state machine (Amazon States Language, JSON or YAML, or a CloudFormation /
 * SAM template holding one) converted into a design: Task states become saga steps handled by the
 * service their Resource names, Retry becomes retry policies, a Catch's chain of Tasks the
 * compensations of what completed, Choice the steps' `if`, Map a `forEach` batch, Parallel a step
 * of several commands (or, when its branches are longer than one task, a process manager), Succeed
 * and Fail the outcomes. What the definition does not say is a TODO comment, never invented.
 */

interface AslRetry {
  readonly ErrorEquals?: readonly string[];
  readonly IntervalSeconds?: number;
  readonly BackoffRate?: number;
  readonly MaxAttempts?: number;
  readonly MaxDelaySeconds?: number;
  readonly JitterStrategy?: string;
}

interface AslCatch {
  readonly ErrorEquals?: readonly string[];
  readonly Next?: string;
}

interface AslScope {
  readonly StartAt?: string;
  readonly States?: Record<string, AslState>;
}

interface AslState {
  readonly Type?: string;
  readonly Next?: string;
  readonly End?: boolean;
  readonly Resource?: string;
  readonly Parameters?: Record<string, unknown>;
  readonly Arguments?: Record<string, unknown>;
  readonly Retry?: readonly AslRetry[];
  readonly Catch?: readonly AslCatch[];
  readonly TimeoutSeconds?: number;
  readonly HeartbeatSeconds?: number;
  readonly Choices?: readonly Record<string, unknown>[];
  readonly Default?: string;
  readonly Branches?: readonly AslScope[];
  readonly ItemProcessor?: AslScope;
  readonly Iterator?: AslScope;
  readonly ItemsPath?: string;
  readonly Items?: unknown;
  readonly ItemReader?: unknown;
  readonly ToleratedFailurePercentage?: number;
  readonly ToleratedFailureCount?: number;
  readonly ToleratedFailurePercentagePath?: string;
  readonly ToleratedFailureCountPath?: string;
}

interface Asl extends AslScope {
  readonly TimeoutSeconds?: number;
  readonly Comment?: string;
}

/** A state machine found in the file: its name, its definition, and where that definition is. */
interface Machine {
  readonly name: string;
  readonly asl: Asl;
  /** The definition's path in the file. */
  readonly base: Path;
  /** Whether states are nodes of the file (a Definition), or inside a DefinitionString (where the resource is all there is to point at). */
  readonly deep: boolean;
  /** The template's TracingConfiguration: { Enabled: true } (X-Ray), when the resource says so. */
  readonly traced?: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const MACHINE_TYPES = new Set(['AWS::StepFunctions::StateMachine', 'AWS::Serverless::StateMachine']);

/** A DefinitionString: a string, or Fn::Sub / Fn::Join of one, with the substitutions left as placeholders. */
function definitionText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (!isObject(v)) return undefined;
  const sub = v['Fn::Sub'];
  if (typeof sub === 'string') return sub;
  if (Array.isArray(sub) && typeof sub[0] === 'string') return sub[0];
  const join = v['Fn::Join'];
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1]))
    return (join[1] as unknown[]).map((x) => (typeof x === 'string' ? x : '${placeholder}')).join(join[0]);
  return undefined;
}

/** The handler a Lambda invocation, service integration (DynamoDB, SNS, SQS, ECS, …) or activity names. */
export function serviceOf(state: AslState): string {
  const r = state.Resource ?? '';
  const params = state.Parameters ?? state.Arguments;
  const fn = params?.FunctionName ?? params?.['FunctionName.$'];
  const lambdaName = (arn: string) => /:function:([^:]+)/.exec(arn)?.[1] ?? /\$\{([^}]+)\}/.exec(arn)?.[1] ?? arn;
  if (/^arn:aws:states:::lambda:invoke/.test(r) && typeof fn === 'string') return pascal(lambdaName(fn)) || 'LambdaFunction';
  if (/^arn:aws:lambda:/.test(r) || /:function:/.test(r)) return pascal(lambdaName(r)) || 'LambdaFunction';
  const integration = /^arn:aws:states:::(?:aws-sdk:)?([a-z0-9-]+)/.exec(r)?.[1];
  if (integration)
    return (
      (
        {
          dynamodb: 'DynamoDB',
          sns: 'SNS',
          sqs: 'SQS',
          ecs: 'ECS',
          glue: 'Glue',
          batch: 'Batch',
          events: 'EventBridge',
          states: 'StepFunctions',
          sesv2: 'SES',
          ses: 'SES',
        } as Record<string, string>
      )[integration] ?? pascal(integration)
    );
  const activity = /:activity:([^:]+)/.exec(r)?.[1];
  if (activity) return pascal(activity);
  const placeholder = /\$\{([^}]+)\}/.exec(r)?.[1];
  return placeholder ? pascal(placeholder) : 'TaskWorker';
}

/** A task that only tells (a topic, a queue, an event bus, an e-mail): nothing of it to undo, unless it waits for a token. */
const isNotification = (s: AslState) =>
  !/\.waitForTaskToken$/.test(s.Resource ?? '') &&
  /^arn:aws:states:::(?:aws-sdk:)?(?:sns:publish|sqs:sendMessage|events:putEvents|sesv2?:send)/i.test(s.Resource ?? '');

const COMPARATORS: Readonly<Record<string, string>> = {
  Equals: '=',
  LessThan: '<',
  GreaterThan: '>',
  LessThanEquals: '<=',
  GreaterThanEquals: '>=',
  Matches: 'matches',
};

/** A Choice rule as a reader says it: `$.total > 100`, `not ($.vip = true)`, `a and b`. */
export function describeRule(rule: Record<string, unknown>): string {
  if (typeof rule.Condition === 'string') return rule.Condition.replace(/^\{%\s*|\s*%\}$/g, '');
  if (Array.isArray(rule.And)) return (rule.And as Record<string, unknown>[]).map(describeRule).join(' and ');
  if (Array.isArray(rule.Or)) return `(${(rule.Or as Record<string, unknown>[]).map(describeRule).join(' or ')})`;
  if (isObject(rule.Not)) return `not (${describeRule(rule.Not)})`;
  const variable = typeof rule.Variable === 'string' ? rule.Variable : '$';
  for (const [key, value] of Object.entries(rule)) {
    if (key === 'Variable' || key === 'Next') continue;
    if (/^Is(?:Present|Null|String|Numeric|Boolean|Timestamp)$/.test(key))
      return `${variable} ${value === false ? 'is not' : 'is'} ${key.slice(2).toLowerCase()}`;
    const m = /^(String|Numeric|Boolean|Timestamp)(Equals|LessThan|GreaterThan|LessThanEquals|GreaterThanEquals|Matches)(Path)?$/.exec(key);
    if (m) return `${variable} ${COMPARATORS[m[2] as string] ?? m[2]} ${m[3] ? String(value) : JSON.stringify(value)}`;
  }
  return JSON.stringify(rule);
}

/** A Map's items as a field: the last segment of its ItemsPath (or JSONata Items), `$.order.items` → items; `$` → items. */
const itemsOf = (map: AslState): string =>
  /([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(map.ItemsPath ?? (typeof map.Items === 'string' ? map.Items : ''))?.[1] ?? 'items';

/** Whether a Map goes on when some items fail (ToleratedFailurePercentage or Count, or their Path forms). */
const toleratesFailures = (map: AslState): boolean =>
  (map.ToleratedFailurePercentage ?? 0) > 0 ||
  (map.ToleratedFailureCount ?? 0) > 0 ||
  map.ToleratedFailurePercentagePath !== undefined ||
  map.ToleratedFailureCountPath !== undefined;

/** A Map's processor (ItemProcessor, or Iterator in older definitions) and the key it is under. */
const processorOf = (s: AslState): { scope: AslScope; key: 'ItemProcessor' | 'Iterator' } | undefined =>
  s.Type !== 'Map'
    ? undefined
    : s.ItemProcessor
      ? { scope: s.ItemProcessor, key: 'ItemProcessor' }
      : s.Iterator
        ? { scope: s.Iterator, key: 'Iterator' }
        : undefined;

/** One unit of work on the path a run takes: a Task, a Map's task for each item, or a Parallel of one-task branches. */
interface Item {
  readonly state: string;
  /** The state's path in its definition: ['States', name], or deeper inside a Map or Parallel. */
  readonly path: Path;
  readonly s: AslState;
  /** The conditions of the Choices that lead to it. */
  readonly conds: readonly string[];
  readonly kind: 'task' | 'map' | 'parallel';
  /** For a Map's task: the Map, and the scope it is in (where its Catch leads). */
  readonly map?: { readonly state: string; readonly path: Path; readonly s: AslState; readonly scope: Scope };
  /** For a Parallel: each branch's tasks. */
  readonly branches?: readonly (readonly Item[])[];
  /** The scope the state's Catch targets live in. */
  readonly scope: Scope;
}

interface Scope {
  readonly states: Record<string, AslState>;
  readonly prefix: Path;
}

interface Walk {
  readonly items: Item[];
  /** Whether a path of the run reaches Succeed (or End), and Fail. */
  succeeds: boolean;
  fails: boolean;
  /** The first Choice nested deeper than MAX_NESTING Choices: what follows it is left out. */
  tooDeep?: string;
  /** Fail states reached only under a Choice's condition: the execution fails without a failed task. */
  readonly conditionalFails: { readonly choice: string; readonly fail: string; readonly cond: string }[];
}

/** Choices nested deeper than this (a Choice on a branch of a Choice …) are not followed: no real machine needs it, and the walk stays shallow. */
const MAX_NESTING = 32;

/** The states reachable from one, by Next, Choices and Default (not Catch), in breadth-first order. */
function reach(states: Record<string, AslState>, from: string | undefined): string[] {
  const seen = new Set<string>();
  const queue = from === undefined ? [] : [from];
  for (let i = 0; i < queue.length; i++) {
    const at = queue[i] as string;
    if (seen.has(at) || !states[at]) continue;
    seen.add(at);
    const s = states[at] as AslState;
    if (s.Next) queue.push(s.Next);
    for (const c of s.Choices ?? []) if (typeof c.Next === 'string') queue.push(c.Next);
    if (s.Default) queue.push(s.Default);
  }
  return [...seen];
}

/** The first state every branch of a Choice reaches: where its paths join again. */
function joinOf(states: Record<string, AslState>, starts: readonly string[]): string | undefined {
  const [first, ...rest] = starts.map((s) => reach(states, s));
  const others = rest.map((r) => new Set(r));
  return first?.find((s) => others.every((o) => o.has(s)));
}

/** Walks a scope's states from `from` to `stop`, collecting the work in the order a run does it. */
function walk(scope: Scope, from: string | undefined, conds: readonly string[], stop: string | undefined, w: Walk, seen: Set<string>): void {
  const { states, prefix } = scope;
  for (let at = from; at !== undefined && at !== stop && states[at];) {
    if (seen.has(at)) return;
    seen.add(at);
    const s = states[at] as AslState;
    const path = [...prefix, 'States', at];
    switch (s.Type) {
      case 'Task':
        w.items.push({ state: at, path, s, conds, kind: 'task', scope });
        break;
      case 'Map': {
        const inner = processorOf(s);
        const sub: Walk = { items: [], succeeds: false, fails: false, conditionalFails: [] };
        if (inner) walk({ states: inner.scope.States ?? {}, prefix: [...path, inner.key] }, inner.scope.StartAt, conds, undefined, sub, new Set());
        for (const item of sub.items) w.items.push({ ...item, kind: 'map', map: { state: at, path, s, scope } });
        break;
      }
      case 'Parallel': {
        const branches = (s.Branches ?? []).map((b, i) => {
          const sub: Walk = { items: [], succeeds: false, fails: false, conditionalFails: [] };
          walk({ states: b.States ?? {}, prefix: [...path, 'Branches', i] }, b.StartAt, [], undefined, sub, new Set());
          return sub.items;
        });
        w.items.push({ state: at, path, s, conds, kind: 'parallel', branches, scope });
        break;
      }
      case 'Succeed':
        w.succeeds = true;
        return;
      case 'Fail':
        w.fails = true;
        return;
      case 'Choice': {
        if (conds.length >= MAX_NESTING) {
          w.tooDeep ??= at;
          return;
        }
        const branches = [
          ...(s.Choices ?? []).flatMap((c) => (typeof c.Next === 'string' ? [{ next: c.Next, cond: describeRule(c) }] : [])),
          ...(s.Default ? [{ next: s.Default, cond: `otherwise (${at})` }] : []),
        ];
        const join = joinOf(
          states,
          branches.map((b) => b.next),
        );
        for (const b of branches) {
          if (states[b.next]?.Type === 'Fail' && b.next !== join) w.conditionalFails.push({ choice: at, fail: b.next, cond: b.cond });
          walk(scope, b.next, [...conds, b.cond], join ?? stop, w, seen);
        }
        at = join;
        continue;
      }
      default:
        // Pass and Wait do no work of another service: the run goes on.
        break;
    }
    if (s.End) {
      w.succeeds = true;
      return;
    }
    at = s.Next;
  }
}

/** A branch's Tasks in the order its run takes them, by Next. */
function chainOf(scope: AslScope): string[] {
  const states = scope.States ?? {};
  const out: string[] = [];
  for (let at = scope.StartAt; at !== undefined && states[at] && !out.includes(at); at = states[at]?.Next) {
    if (states[at]?.Type === 'Task') out.push(at);
    if (states[at]?.End) break;
  }
  return out;
}

/** The Tasks a Catch's path runs (through Choices, and inside a Map: its task for each item), in order. */
function undoTasks(scope: Scope, path: readonly string[]): { state: string; s: AslState; path: Path }[] {
  return path.flatMap((x) => {
    const s = scope.states[x] as AslState;
    const here = [...scope.prefix, 'States', x];
    if (s.Type === 'Task') return [{ state: x, s, path: here }];
    const inner = processorOf(s);
    if (!inner) return [];
    const states = inner.scope.States ?? {};
    return undoTasks({ states, prefix: [...here, inner.key] }, reach(states, inner.scope.StartAt));
  });
}

/** The Catch that handles every error (States.ALL), else the first one. */
const catchOf = (s: AslState): AslCatch | undefined => s.Catch?.find((c) => c.ErrorEquals?.includes('States.ALL')) ?? s.Catch?.[0];

export function convertStepFunctions(source: Source): ImportResult {
  const file = source.file;
  const parsed = parseYaml(source);
  const at = (path: Path): Position => locate(parsed, ref(file, path));
  const syntax = parsed.problems[0];
  if (syntax) {
    const a = parsed.lines.linePos(syntax.start);
    return {
      ok: false,
      problems: [
        { message: `${syntax.message.split('\n')[0]} (not JSON or YAML).`, at: { line: a.line, column: a.col, endLine: a.line, endColumn: a.col + 1 } },
      ],
    };
  }
  const value = parsed.value;
  const machines: Machine[] = [];
  const problems: ImportProblem[] = [];
  if (isObject(value) && typeof value.StartAt === 'string') {
    machines.push({ name: pascal(file.replace(/^.*\//, '').replace(/\..*$/, '')) || 'StateMachine', asl: value as Asl, base: [], deep: true });
  } else if (isObject(value) && isObject(value.Resources)) {
    for (const [name, r] of Object.entries(value.Resources)) {
      if (!isObject(r) || !MACHINE_TYPES.has(String(r.Type))) continue;
      const p = isObject(r.Properties) ? r.Properties : {};
      const traced = isObject(p.TracingConfiguration) && p.TracingConfiguration.Enabled === true;
      const key = p.Definition !== undefined ? 'Definition' : 'DefinitionString';
      const base = ['Resources', name, 'Properties', key];
      const text = definitionText(p[key]);
      if (key === 'Definition' && isObject(p[key])) machines.push({ name: pascal(name), asl: p[key] as Asl, base, deep: true, traced });
      else if (text !== undefined) {
        try {
          const def = JSON.parse(text.replace(/\$\{[^}]+\}/g, (x) => x.replace(/"/g, ''))) as unknown;
          if (isObject(def)) machines.push({ name: pascal(name), asl: def as Asl, base, deep: false, traced });
        } catch {
          problems.push({
            message: `the ${key} of ${name} is not JSON once its substitutions are left as placeholders; write it as Definition.`,
            at: at(base),
          });
        }
      } else
        problems.push({
          message: `${name} has neither Definition nor DefinitionString (DefinitionUri is not read: give the definition file itself).`,
          at: at(['Resources', name]),
        });
    }
  }
  if (machines.length === 0 && problems.length === 0)
    problems.push({
      message:
        'not a Step Functions state machine (no StartAt and States) nor a template holding one (no AWS::StepFunctions::StateMachine resource); give the definition (.asl.json) or the template.',
      at: START,
    });
  /** Where a path of a machine's definition is in the file: the node itself, or the resource whose DefinitionString holds it. */
  const posIn = (m: Machine) => (p: Path) => (m.deep ? at([...m.base, ...p]) : at(m.base));
  for (const m of machines) problems.push(...checkMachine(m, posIn(m)));
  if (problems.length > 0) return { ok: false, problems };

  const b = new ImportBuilder();
  const services: Record<string, Record<string, unknown>> = {};
  const commands: Record<string, Record<string, unknown>> = {};
  const events: Record<string, Record<string, unknown>> = {};
  const compensations: Record<string, Record<string, unknown> | 'none'> = {};
  const processes: Record<string, Record<string, unknown>> = {};
  const retryPolicies: Record<string, Record<string, unknown>> = {};
  const policyKey = new Map<string, string>();
  let traced = false;
  const fallback = machines[0] ? posIn(machines[0])(['StartAt']) : START;

  for (const m of machines) {
    const { name, asl } = m;
    traced ||= m.traced === true;
    const pos = posIn(m);
    const top: Scope = { states: asl.States ?? {}, prefix: [] };
    const coordinator = `${name}StateMachine`;
    services[coordinator] = { persistence: 'none', publishing: 'none' };
    b.from(['services', coordinator], pos(['StartAt']));
    b.todo(['services', coordinator], ' The state machine itself: the engine keeps its state and history.');
    const w: Walk = { items: [], succeeds: false, fails: false, conditionalFails: [] };
    walk(top, asl.StartAt, [], undefined, w, new Set());
    if (w.tooDeep !== undefined) b.notes.push(`${name}: Choice '${w.tooDeep}' is nested ${MAX_NESTING} Choices deep; it and what follows it are left out.`);
    for (const f of w.conditionalFails)
      b.notes.push(
        `${name}: Choice '${f.choice}' ends the execution in Fail '${f.fail}' when ${f.cond}, without a failed task: the saga cannot say that, and nothing completed before it is undone.`,
      );

    /** A state's first Retry as a retry policy (MaxAttempts counts the retries after the first attempt), shared by equal ones. */
    const policyOf = (s: AslState, path: Path): string | undefined => {
      const r = s.Retry?.[0];
      if (!r) return undefined;
      const policy: Record<string, unknown> = {
        maxAttempts: (r.MaxAttempts ?? 3) + 1,
        backoff: (r.BackoffRate ?? 2) > 1 ? 'exponential' : 'fixed',
        initialDelay: duration(r.IntervalSeconds ?? 1) ?? '1s',
        ...(r.MaxDelaySeconds ? { maxDelay: duration(r.MaxDelaySeconds) } : {}),
        ...(r.JitterStrategy === 'FULL' ? { jitter: true } : {}),
      };
      const key = JSON.stringify(policy);
      let named = policyKey.get(key);
      if (!named) {
        named = `retry-${Object.keys(retryPolicies).length + 1}`;
        retryPolicies[named] = policy;
        policyKey.set(key, named);
        b.from(['infrastructure', 'retryPolicies', named], pos([...path, 'Retry']));
      }
      return named;
    };
    /** The command a Task sends, and its handler, declared once. */
    const declareTask = (sn: string, s: AslState, path: Path): string => {
      const known = pascal(sn);
      // A state is declared once, however many Catch paths run it.
      if (commands[known]) return known;
      const svc = serviceOf(s);
      if (!services[svc] && isNotification(s)) {
        services[svc] = { persistence: 'none', publishing: 'none' };
        b.from(['services', svc], pos([...path, 'Resource']));
        b.todo(['services', svc], ` An AWS service the engine calls itself (${s.Resource ?? ''}): nothing of ours is stored.`);
      } else if (!services[svc]) {
        services[svc] = {};
        b.from(['services', svc], pos([...path, 'Resource']));
        b.todo(
          ['services', svc],
          ` From the Resource of '${sn}': ${s.Resource ?? ''}.\n TODO persistence, publishing, consumers: { idempotent: true }: the definition does not say.`,
        );
        b.silent(
          ['services', svc],
          ['missing-idempotency', 'missing-outbox', 'missing-dead-letter'],
          `how '${svc}' keeps its state, nor whether a retried task is safe to run twice: that is in its code`,
          true,
        );
      }
      commands[known] = { handledBy: svc };
      b.from(['commands', known], pos(path));
      b.todo(['commands', known], ' TODO fields: the state passes its input; name the fields the task reads.');
      return known;
    };
    const startEvent = `${name}Requested`;
    /** What a process made of this machine says first: its coordinator, start, deadline and outcomes (once they are declared). */
    const processHead = (pattern: string): Record<string, unknown> => ({
      pattern,
      coordinator,
      startedBy: startEvent,
      correlation: 'header',
      ...(duration(asl.TimeoutSeconds) ? { timeout: duration(asl.TimeoutSeconds) } : {}),
      ...(events[`${name}Succeeded`] ? { completesWith: `${name}Succeeded` } : {}),
      ...(events[`${name}Failed`] ? { failsWith: `${name}Failed` } : {}),
    });
    events[startEvent] = { source: 'external' };
    b.from(['events', startEvent], pos(['StartAt']));
    b.todo(['events', startEvent], ' The input of a StartExecution. TODO fields.');
    b.from(['processes', name], pos(asl.TimeoutSeconds !== undefined ? ['TimeoutSeconds'] : ['StartAt']));
    if (!asl.TimeoutSeconds) {
      b.todo(['processes', name], ' TODO timeout: the state machine has no TimeoutSeconds; an execution can wait a year.');
      b.silent(['processes', name], ['missing-timeout'], 'how long an execution may run (it has no TimeoutSeconds: up to a year)');
    }

    // A Parallel whose branches run more than one task each cannot be one saga step: the machine is a process manager.
    if (w.items.some((it) => it.kind === 'parallel' && (it.branches ?? []).some((br) => br.length !== 1 || br[0]?.kind !== 'task'))) {
      b.notes.push(`${name}: a Parallel's branches run several tasks each, which a saga step cannot say: it is a process manager, a state per task.`);
      const forward = w.items.flatMap((it) => (it.kind === 'parallel' ? (it.branches ?? []).flat() : [it])).map((it) => pascal(it.state));
      const states: Record<string, unknown> = {};
      const queue: string[] = [];
      const pmStates = top.states;
      let ended = false;
      const terminal = (kind: 'success' | 'failure') => {
        const n = kind === 'success' ? 'Completed' : 'Failed';
        states[n] ??= { terminal: kind };
        return n;
      };
      /** The transitions that going to an ASL state takes: through Pass and Wait, a Choice's guarded alternatives. */
      const go = (x: string | undefined, conds: readonly string[] = [], depth = 0): { if?: string; goto: string }[] => {
        const guard = conds.length > 0 ? { if: conds.join(' and ') } : {};
        for (let n = 0; x !== undefined && n < 1000; n++) {
          const s = pmStates[x] as AslState;
          if (s.Type !== 'Pass' && s.Type !== 'Wait') break;
          if (s.End) return [{ ...guard, goto: terminal('success') }];
          x = s.Next;
        }
        if (x === undefined) return [{ ...guard, goto: terminal('success') }];
        const s = pmStates[x] as AslState;
        if (s.Type === 'Choice' && depth < 20)
          return [
            ...(s.Choices ?? []).flatMap((c) => (typeof c.Next === 'string' ? go(c.Next, [...conds, describeRule(c)], depth + 1) : [])),
            ...(s.Default ? go(s.Default, conds, depth + 1) : []),
          ];
        queue.push(x);
        return [{ ...guard, goto: pascal(x) }];
      };
      const transition = (alts: { if?: string; goto: string }[]) => (alts.length === 1 && alts[0]?.if === undefined ? alts[0] : alts);
      const initial = go(asl.StartAt);
      if (initial.length > 1) b.notes.push(`${name}: the machine starts with a Choice; the process starts in its first branch's state.`);
      const declareOutcomes = (c: string, path: Path, failing: boolean) => {
        const svc = commands[c]?.handledBy as string;
        events[`${c}Succeeded`] = { producedBy: svc, replyTo: c };
        b.from(['events', `${c}Succeeded`], pos(path));
        if (failing) {
          events[`${c}Failed`] = { producedBy: svc, replyTo: c };
          b.from(['events', `${c}Failed`], pos([...path, 'Catch']));
        }
      };
      for (let x = queue.shift(); x !== undefined; x = queue.shift()) {
        const sn = pascal(x);
        if (states[sn] !== undefined) continue;
        const s = pmStates[x] as AslState;
        const here = ['States', x];
        b.from(['processes', name, 'states', sn], pos(here));
        if (s.Type === 'Succeed') states[sn] = { terminal: 'success' };
        else if (s.Type === 'Fail') states[sn] = { terminal: 'failure' };
        const caught = catchOf(s);
        const onFailure = caught ? go(caught.Next) : [];
        const next = s.Type === 'Succeed' || s.Type === 'Fail' ? [] : s.End ? [{ goto: terminal('success') }] : go(s.Next);
        if (s.Type === 'Task' || s.Type === 'Map') {
          const inner = processorOf(s);
          const task = s.Type === 'Map' ? inner?.scope.StartAt : x;
          const ts = (s.Type === 'Map' ? inner?.scope.States?.[task ?? ''] : s) as AslState | undefined;
          if (!task || !ts) continue;
          const tpath = inner ? [...here, inner.key, 'States', task] : here;
          const c = declareTask(task, ts, tpath);
          declareOutcomes(c, tpath, caught !== undefined);
          const retry = policyOf(ts, tpath);
          const entry: Record<string, unknown> = { send: c };
          if (s.Type === 'Map') {
            entry.forEach = itemsOf(s);
            if (toleratesFailures(s)) entry.partialFailure = 'continue';
          }
          if (retry) commands[c] = { ...commands[c], retry };
          const t = duration(ts.TimeoutSeconds ?? ts.HeartbeatSeconds);
          states[sn] = {
            onEntry: entry,
            on: { [`${c}Succeeded`]: transition(next), ...(caught ? { [`${c}Failed`]: transition(onFailure) } : {}) },
            ...(t ? { timeout: { after: t, goto: onFailure[0]?.goto ?? terminal('failure') } } : {}),
          };
        } else if (s.Type === 'Parallel') {
          const branches = (s.Branches ?? []).map((br, i) =>
            chainOf(br).map((t) => ({ state: t, s: (br.States ?? {})[t] as AslState, path: [...here, 'Branches', i, 'States', t] })),
          );
          const on: Record<string, unknown> = {};
          const first: string[] = [];
          for (const br of branches)
            br.forEach((t, k) => {
              const c = declareTask(t.state, t.s, t.path);
              declareOutcomes(c, t.path, caught !== undefined);
              const retry = policyOf(t.s, t.path);
              if (retry) commands[c] = { ...commands[c], retry };
              if (k === 0) first.push(c);
              const following = br[k + 1];
              on[`${c}Succeeded`] = following
                ? { goto: sn, send: pascal(following.state) }
                : branches.length > 1
                  ? [{ if: `every other branch of '${x}' has finished`, ...(next[0] ?? { goto: terminal('success') }) }, { goto: sn }]
                  : transition(next);
              if (caught) on[`${c}Failed`] = transition(onFailure);
            });
          states[sn] = { onEntry: { send: first }, on };
        } else if (s.Type !== 'Succeed' && s.Type !== 'Fail') continue;
        ended ||= s.Type === 'Succeed' || s.End === true;
      }
      // The Tasks a Catch leads to undo the forward ones they share the most name with: CancelFlight
      // undoes HoldFlight and ConfirmFlight alike, for it is all the chain runs for the flight.
      for (const c of Object.keys(commands)) {
        if (forward.includes(c)) continue;
        const best = Math.max(0, ...forward.map((f) => sharedEnd(c, f)));
        for (const target of forward) {
          if (best === 0 || sharedEnd(c, target) < best || compensations[target] !== undefined) continue;
          compensations[target] = { command: c, ...(commands[c]?.retry ? { retry: commands[c]?.retry } : {}) };
          b.from(['compensations', target], b.origins.get(JSON.stringify(['commands', c])));
          b.silent(
            ['compensations', target],
            ['non-retriable-compensation'],
            `whether a retried '${c}' is safe to run twice: that is in the code of '${commands[c]?.handledBy as string}'`,
          );
        }
      }
      const succeeded = Object.values(states).some((v) => (v as { terminal?: string }).terminal === 'success');
      const failed = Object.values(states).some((v) => (v as { terminal?: string }).terminal === 'failure');
      if (succeeded || ended) events[`${name}Succeeded`] = { producedBy: coordinator };
      if (failed) events[`${name}Failed`] = { producedBy: coordinator };
      processes[name] = {
        ...processHead('process-manager'),
        initial: initial[0]?.goto ?? terminal('success'),
        states,
      };
      continue;
    }

    const steps: Record<string, unknown>[] = [];
    const stepPath = (k: number): Path => ['processes', name, 'steps', k];
    const commandsOf = (it: Item): string[] =>
      it.kind === 'parallel' ? (it.branches ?? []).flatMap((br) => br.map((x) => pascal(x.state))) : [pascal(it.state)];
    const itemCommands = w.items.map((it) => commandsOf(it).map((command) => ({ item: it, command })));
    /** The commands of the items before one that may have run on a path to it: not those of another branch of a Choice it is in. */
    const before = (i: number): { item: Item; command: string }[] => {
      const conds = w.items[i]?.conds ?? [];
      const together = (it: Item) => it.conds.every((c, k) => k >= conds.length || conds[k] === c);
      return w.items.slice(0, i).flatMap((it, k) => (together(it) ? (itemCommands[k] ?? []) : []));
    };
    // The forward command an undo shares the most name with, over all of them once; among those
    // that ran before a Catch it is the same one when it ran, else the Catch's own list is searched.
    const allIndex = byLastWord(itemCommands.flat().map((x) => x.command));
    const closestOverall = new Map<string, string | undefined>();
    const closestEarlier = (uc: string, earlier: readonly string[], ran: ReadonlySet<string>): string | undefined => {
      if (!closestOverall.has(uc)) closestOverall.set(uc, closestByEnd(uc, allIndex));
      const best = closestOverall.get(uc);
      return best === undefined ? undefined : ran.has(best) ? best : closestByEnd(uc, byLastWord(earlier));
    };
    /** What each failing item's Catch chain undoes, to find the ones it skips. */
    const undone: { item: Item; index: number; catcher: { state: string; path: Path; c: AslCatch }; undoes: Set<string>; chain: string[] }[] = [];

    w.items.forEach((it, k) => {
      const step: Record<string, unknown> = { name: kebab(it.state) };
      b.from(stepPath(k), pos(it.path));
      const own: string[] = [];
      if (it.kind === 'parallel') {
        // Each branch task is retried by its own Retry: the policy goes on its command.
        for (const br of it.branches ?? [])
          for (const x of br) {
            const c = declareTask(x.state, x.s, x.path);
            const r = policyOf(x.s, x.path);
            if (r) commands[c] = { ...commands[c], retry: r };
            own.push(c);
          }
        step.commands = own;
        b.todo(stepPath(k), ` Parallel '${it.state}': its branches run at once.`);
      } else {
        own.push(declareTask(it.state, it.s, it.path));
        step.command = own[0];
      }
      if (it.conds.length > 0) step.if = it.conds.join(' and ');
      // The state whose Catch handles this work's failure: the Task's own, else its Map's.
      const catcher =
        catchOf(it.s) !== undefined
          ? { state: it.state, path: it.path, s: it.s, scope: it.scope }
          : it.map && catchOf(it.map.s) !== undefined
            ? { state: it.map.state, path: it.map.path, s: it.map.s, scope: it.map.scope }
            : undefined;
      for (const c of own) {
        const svc = commands[c]?.handledBy as string;
        events[`${c}Succeeded`] = { producedBy: svc, replyTo: c };
        b.from(['events', `${c}Succeeded`], pos(it.path));
        if (catcher) {
          events[`${c}Failed`] = { producedBy: svc, replyTo: c };
          b.from(['events', `${c}Failed`], pos([...catcher.path, 'Catch']));
        }
      }
      if (it.kind !== 'parallel') step.onSuccess = `${own[0]}Succeeded`;
      if (catcher) step.onFailure = own.map((c) => `${c}Failed`);
      else {
        if (k > 0 || it.kind !== 'task')
          b.notes.push(`${name}: task '${it.state}' has no Catch: when it fails for good, the execution fails without undoing what completed.`);
        b.silent(stepPath(k), ['missing-failure-path'], `what happens when '${it.state}' fails for good ('${it.state}' has no Catch)`);
      }
      if (it.map) step.forEach = itemsOf(it.map.s);
      const t = duration(it.s.TimeoutSeconds ?? it.s.HeartbeatSeconds);
      if (t) step.timeout = t;
      const resource = it.s.Resource ?? '';
      if (/\.waitForTaskToken$/.test(resource)) {
        b.todo(stepPath(k), ` .waitForTaskToken: the task waits until a worker sends its token back (SendTaskSuccess or SendTaskFailure).`);
        if (!t) b.silent(stepPath(k), ['missing-timeout'], `how long '${it.state}' waits for its token (no TimeoutSeconds or HeartbeatSeconds: up to a year)`);
      } else if (/\.sync(?::\d+)?$/.test(resource)) b.todo(stepPath(k), ` .sync: the engine starts the job and waits until it ends.`);
      else if (/^arn:aws:states:::(?:ecs:runTask|batch:submitJob|glue:startJobRun|states:startExecution)$/.test(resource))
        b.todo(stepPath(k), ` No .sync: the step succeeds once the job has started, not when it ends.`);
      const retry = policyOf(it.s, it.path);
      if (retry) step.retry = retry;
      else if (it.kind !== 'parallel' || own.some((c) => commands[c]?.retry === undefined))
        b.silent(stepPath(k), ['missing-retry-policy'], `how a failed '${it.state}' is retried ('${it.state}' has no Retry)`);
      steps.push(step);

      if (!catcher) return;
      // The Tasks a Catch runs before its Fail undo what completed: each is matched to the earlier
      // command it shares the most name with (CancelHotel → ReserveHotel), else by position.
      const c = catchOf(catcher.s) as AslCatch;
      const path = reach(catcher.scope.states, c.Next);
      const undo = undoTasks(catcher.scope, path);
      const earlier = [...before(k).map((x) => x.command), ...own];
      const ran = new Set(earlier);
      const undoes = new Set<string>();
      undo.forEach(({ state: u, s: us, path: upath }, n) => {
        const uc = declareTask(u, us, upath);
        const target = closestEarlier(uc, earlier, ran) ?? earlier[earlier.length - 2 - n];
        if (target === undefined) return;
        undoes.add(target);
        if (own.includes(target) && it.kind !== 'map') step.compensateOnFailure = true;
        if (compensations[target] === undefined) {
          const r = policyOf(us, upath);
          compensations[target] = { command: uc, ...(r ? { retry: r } : {}) };
          b.from(['compensations', target], pos(upath));
          b.silent(
            ['compensations', target],
            ['non-retriable-compensation'],
            `whether a retried '${uc}' is safe to run twice: that is in the code of '${commands[uc]?.handledBy as string}'`,
          );
        }
      });
      undone.push({ item: it, index: k, catcher: { state: catcher.state, path: catcher.path, c }, undoes, chain: undo.map((u) => u.state) });
    });
    // A Map's items: kept when failures are tolerated, undone when its Catch undoes them, else a TODO.
    w.items.forEach((it, k) => {
      const step = steps[k] as Record<string, unknown>;
      if (it.map) {
        const ms = it.map.s;
        if (ms.ItemReader !== undefined) b.todo(stepPath(k), ` Map '${it.map.state}' reads its items with an ItemReader (a distributed map).`);
        if (toleratesFailures(ms)) step.partialFailure = 'continue';
        else if (undone.find((u) => u.index === k)?.undoes.has(pascal(it.state))) step.partialFailure = 'compensate-completed';
        else {
          b.todo(
            stepPath(k),
            ` Map '${it.map.state}' tolerates no failed item: one fails the Map, and the items that completed stay done unless its Catch undoes them.\n TODO partialFailure: compensate-completed, fail-all or continue (ToleratedFailurePercentage).`,
          );
          b.silent(
            stepPath(k),
            ['batch-partial-failure'],
            `what becomes of the items that completed when one fails (Map '${it.map.state}' sets no ToleratedFailurePercentage or ToleratedFailureCount)`,
          );
        }
      }
    });

    // A notification has nothing to undo: said so, for the designer to confirm.
    w.items.forEach((it, i) => {
      for (const x of it.kind === 'parallel' ? (it.branches ?? []).flat() : [it]) {
        const c = pascal(x.state);
        if (!isNotification(x.s) || compensations[c] !== undefined || !undone.some((u) => u.index >= i)) continue;
        compensations[c] = 'none';
        b.from(['compensations', c], pos(x.path));
        b.todo(['compensations', c], ` '${x.state}' only notifies (${x.s.Resource ?? ''}). TODO confirm that nothing needs undoing.`);
      }
    });

    // The format's saga runs every completed step's compensation; a Catch chain that leaves one out is said.
    for (const u of undone) {
      for (const { item, command } of before(u.index)) {
        const comp = compensations[command];
        if (comp === undefined || comp === 'none' || u.undoes.has(command)) continue;
        const undoCmd = comp.command as string;
        const message = `The Catch of '${u.catcher.state}' ${u.chain.length > 0 ? `runs ${list(u.chain.map((x) => `'${x}'`))}` : `goes straight to '${u.catcher.c.Next ?? ''}'`} and skips '${undoCmd}': when '${u.item.state}' fails, what '${item.state}' did stays done. The design made from this runs every completed step's compensation, so it does not show the skip.`;
        b.findings.push({
          ruleId: 'missing-compensation',
          messageId: 'catch-skips',
          message,
          hint: `Send the Catch through '${undoCmd}' as well (compensations run in reverse order of the steps), or end the chain where '${item.state}' needs no undo and say why.`,
          at: pos([...u.catcher.path, 'Catch']),
          data: { state: u.catcher.state, skipped: undoCmd, step: item.state },
        });
        b.notes.push(`${name}: the Catch of '${u.catcher.state}' skips '${undoCmd}', which undoes '${item.state}'.`);
      }
    }

    // The execution's outcome: its status and output, read by whoever started it.
    if (w.succeeds) events[`${name}Succeeded`] = { producedBy: coordinator };
    if (w.fails || w.conditionalFails.length > 0 || undone.length > 0) events[`${name}Failed`] = { producedBy: coordinator };
    processes[name] = {
      ...processHead('saga'),
      steps: steps.map(orderedStep),
    };
  }
  if (Object.keys(retryPolicies).length === 0) b.silent(['infrastructure'], ['missing-retry-policy'], 'how any task is retried (no state has a Retry)');
  b.silent(
    ['infrastructure'],
    ['missing-observability'],
    'whether a correlation id or a trace travels with each task (X-Ray tracing is set on the state machine, not in its definition)',
  );
  const design: Record<string, unknown> = {
    version: 1,
    name: kebab(machines.length === 1 ? (machines[0]?.name ?? 'state-machine') : file.replace(/^.*\//, '').replace(/\..*$/, '')),
    description: `Imported from ${file} (AWS Step Functions).`,
    services,
    commands,
    events,
    ...(Object.keys(compensations).length > 0 ? { compensations } : {}),
    processes,
    infrastructure: {
      workflowEngine: 'step-functions',
      // No defaultRetry: a Task without Retry is not retried.
      ...(Object.keys(retryPolicies).length > 0 ? { retryPolicies } : {}),
      transactions: 'none',
      ...(traced ? { observability: { correlation: true, tracing: 'other' } } : {}),
    },
  };
  b.from(['infrastructure'], fallback);
  return {
    ok: true,
    imported: b.build(design, 'definition', fallback, (notes) => [
      ` Converted by eda-advisor import step-functions from ${file}.`,
      ' The engine records each task it starts and holds a failed execution for redrive (workflowEngine).',
      ...notes.map((n) => ` NOTE ${n}`),
      ' TODO compensations: confirm each undo the Catch chains run; a task whose effect needs no undo is compensations: { X: none }.',
    ]),
  };
}

/** A machine's own problems: a StartAt or a Next, Default, Choice or Catch that names no state, in any scope. */
function checkMachine(m: Machine, at: (path: Path) => Position): ImportProblem[] {
  const problems: ImportProblem[] = [];
  const check = (scope: AslScope, prefix: Path, what: string, depth = 0): void => {
    if (depth > MAX_NESTING) {
      problems.push({ message: `${m.name} nests Map and Parallel states more than ${MAX_NESTING} deep; no state machine needs that.`, at: at(prefix) });
      return;
    }
    const states = isObject(scope.States) ? scope.States : undefined;
    if (!states || Object.keys(states).length === 0) {
      problems.push({ message: `${what} has no States; a state machine needs at least one state.`, at: at(prefix) });
      return;
    }
    if (typeof scope.StartAt !== 'string' || !states[scope.StartAt])
      problems.push({
        message: `${what}: StartAt '${String(scope.StartAt ?? '')}' names no state; name the first state of States.`,
        at: at([...prefix, 'StartAt']),
      });
    for (const [sn, raw] of Object.entries(states)) {
      const s = raw as AslState;
      if (!isObject(raw)) {
        problems.push({ message: `${what}: state '${sn}' is not an object with a Type.`, at: at([...prefix, 'States', sn]) });
        continue;
      }
      const here = [...prefix, 'States', sn];
      const targets: { next: unknown; path: Path }[] = [
        { next: s.Next, path: [...here, 'Next'] },
        { next: s.Default, path: [...here, 'Default'] },
        ...(s.Choices ?? []).map((c, i) => ({ next: c.Next, path: [...here, 'Choices', i, 'Next'] })),
        ...(s.Catch ?? []).map((c, i) => ({ next: c.Next, path: [...here, 'Catch', i, 'Next'] })),
      ];
      for (const t of targets)
        if (t.next !== undefined && (typeof t.next !== 'string' || !states[t.next]))
          problems.push({
            message: `${what}: state '${sn}' goes to '${String(t.next)}', which is not a state${prefix.length === 0 ? '' : ' of its branch'}.`,
            at: at(t.path),
          });
      const inner = processorOf(s);
      if (inner) check(inner.scope, [...here, inner.key], `${what}: Map '${sn}'`, depth + 1);
      (s.Branches ?? []).forEach((br, i) => check(br, [...here, 'Branches', i], `${what}: Parallel '${sn}' branch ${i + 1}`, depth + 1));
    }
  };
  check(m.asl, [], m.name);
  return problems;
}
