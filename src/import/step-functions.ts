import { Document, isMap, isScalar, LineCounter, parseDocument, type Pair } from 'yaml';

/**
 * An AWS Step Functions state machine (Amazon States Language, JSON or YAML, or a CloudFormation /
 * SAM template holding one) converted into a saga: Task states become steps handled by the service
 * their Resource names, Retry becomes retry policies, a Catch's chain of Tasks before a Fail becomes
 * the compensations of what completed, TimeoutSeconds the timeouts, Succeed and Fail the outcomes.
 * What the definition does not say is left as a TODO comment, never invented.
 */

interface AslState {
  readonly Type?: string;
  readonly Next?: string;
  readonly End?: boolean;
  readonly Resource?: string;
  readonly Parameters?: Record<string, unknown>;
  readonly Retry?: readonly {
    readonly ErrorEquals?: readonly string[];
    readonly IntervalSeconds?: number;
    readonly BackoffRate?: number;
    readonly MaxAttempts?: number;
    readonly MaxDelaySeconds?: number;
    readonly JitterStrategy?: string;
  }[];
  readonly Catch?: readonly { readonly ErrorEquals?: readonly string[]; readonly Next?: string }[];
  readonly TimeoutSeconds?: number;
  readonly HeartbeatSeconds?: number;
  readonly Comment?: string;
}

interface Asl {
  readonly StartAt?: string;
  readonly States?: Record<string, AslState>;
  readonly TimeoutSeconds?: number;
  readonly Comment?: string;
}

export type StepFunctionsResult =
  | { readonly ok: true; readonly text: (schemaLine: string) => string; readonly notes: readonly string[] }
  | { readonly ok: false; readonly problems: readonly string[] };

/** Whether a document is a state machine definition, or a template that holds one. */
export function isStepFunctions(value: unknown): boolean {
  if (!isObject(value)) return false;
  if (typeof value.StartAt === 'string' && isObject(value.States)) return true;
  return machinesOf(value).length > 0;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The state machines of a template: `AWS::StepFunctions::StateMachine` (Definition or DefinitionString) and SAM's. */
function machinesOf(template: Record<string, unknown>): { name: string; definition: unknown }[] {
  const resources = template.Resources;
  if (!isObject(resources)) return [];
  const out: { name: string; definition: unknown }[] = [];
  for (const [name, r] of Object.entries(resources)) {
    if (!isObject(r) || (r.Type !== 'AWS::StepFunctions::StateMachine' && r.Type !== 'AWS::Serverless::StateMachine')) continue;
    const p = isObject(r.Properties) ? r.Properties : {};
    out.push({ name, definition: p.Definition ?? p.DefinitionString });
  }
  return out;
}

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

const pascal = (s: string) =>
  s
    .replace(/Arn$/, '')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]?.toUpperCase() + w.slice(1))
    .join('');

/** The service a Task's Resource names: a Lambda function, a service integration (DynamoDB, SNS, SQS, ECS, …), an activity. */
export function serviceOf(state: AslState): string {
  const r = state.Resource ?? '';
  const fn = state.Parameters?.FunctionName ?? state.Parameters?.['FunctionName.$'];
  const lambdaName = (arn: string) => /:function:([^:]+)/.exec(arn)?.[1] ?? /\$\{([^}]+)\}/.exec(arn)?.[1] ?? arn;
  if (/^arn:aws:states:::lambda:invoke/.test(r) && typeof fn === 'string') return pascal(lambdaName(fn)) || 'LambdaFunction';
  if (/^arn:aws:lambda:/.test(r) || /:function:/.test(r)) return pascal(lambdaName(r)) || 'LambdaFunction';
  const integration = /^arn:aws:states:::(?:aws-sdk:)?([a-z0-9-]+)/.exec(r)?.[1];
  if (integration)
    return (
      { dynamodb: 'DynamoDB', sns: 'SNS', sqs: 'SQS', ecs: 'ECS', glue: 'Glue', batch: 'Batch', events: 'EventBridge', states: 'StepFunctions' }[integration] ??
      pascal(integration)
    );
  const activity = /:activity:([^:]+)/.exec(r)?.[1];
  if (activity) return pascal(activity);
  const placeholder = /\$\{([^}]+)\}/.exec(r)?.[1];
  return placeholder ? pascal(placeholder) : 'TaskWorker';
}

/** The path a run takes from a state, by Next, until it ends: its states in order. */
function chain(states: Record<string, AslState>, from: string | undefined): string[] {
  const out: string[] = [];
  for (let at = from; at !== undefined && states[at] && !out.includes(at); at = states[at]?.Next) {
    out.push(at);
    const s = states[at] as AslState;
    if (s.End || s.Type === 'Succeed' || s.Type === 'Fail') break;
  }
  return out;
}

const words = (name: string) => name.split(/(?=[A-Z])/).filter(Boolean);
/** The words two command names share at their end: CancelHotel and ReserveHotel share Hotel. */
const shared = (a: string, b: string) => {
  const x = words(a).reverse();
  const y = words(b).reverse();
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n]) n++;
  return n;
};

function seconds(n: number | undefined): string | undefined {
  if (n === undefined || !Number.isFinite(n) || n <= 0) return undefined;
  return n % 3600 === 0 ? `${n / 3600}h` : n % 60 === 0 ? `${n / 60}m` : `${n}s`;
}

export function convertStepFunctions(file: string, text: string): StepFunctionsResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const pos = e ? lines.linePos(e.pos[0]) : { line: 1, col: 1 };
    return { ok: false, problems: [`${file}:${pos.line}:${pos.col}: ${(e?.message ?? 'not JSON or YAML').split('\n')[0]}`] };
  }
  const value = doc.toJS() as unknown;
  const found: { name: string; asl: Asl }[] = [];
  if (isObject(value) && typeof value.StartAt === 'string')
    found.push({ name: pascal(file.replace(/^.*\//, '').replace(/\..*$/, '')) || 'StateMachine', asl: value as Asl });
  else if (isObject(value))
    for (const m of machinesOf(value)) {
      let def: unknown = m.definition;
      const t = definitionText(def);
      if (t !== undefined) {
        try {
          def = JSON.parse(t.replace(/\$\{[^}]+\}/g, (p) => p.replace(/"/g, '')));
        } catch {
          return { ok: false, problems: [`${file}: the DefinitionString of ${m.name} is not JSON once its substitutions are left as placeholders.`] };
        }
      }
      if (isObject(def)) found.push({ name: pascal(m.name), asl: def as Asl });
    }
  if (found.length === 0)
    return {
      ok: false,
      problems: [
        `${file}: not a Step Functions state machine (no StartAt and States) nor a template holding one (no AWS::StepFunctions::StateMachine resource).`,
      ],
    };
  const problems: string[] = [];
  for (const { name, asl } of found) {
    const states = asl.States ?? {};
    if (!asl.StartAt || !states[asl.StartAt]) problems.push(`${file}: ${name}: StartAt '${asl.StartAt ?? ''}' names no state; name the first state of States.`);
    for (const [sn, s] of Object.entries(states)) {
      for (const next of [s.Next, ...(s.Catch ?? []).map((c) => c.Next)])
        if (next !== undefined && !states[next]) problems.push(`${file}: ${name}: state '${sn}' goes to '${next}', which is not a state.`);
    }
  }
  if (problems.length > 0) return { ok: false, problems };

  const notes: string[] = [];
  const services: Record<string, Record<string, unknown>> = {};
  const commands: Record<string, Record<string, unknown>> = {};
  const events: Record<string, Record<string, unknown>> = {};
  const compensations: Record<string, Record<string, unknown>> = {};
  const processes: Record<string, Record<string, unknown>> = {};
  const retryPolicies: Record<string, Record<string, unknown>> = {};
  const policyKey = new Map<string, string>();
  const todos: { path: string[]; text: string }[] = [];

  for (const { name, asl } of found) {
    const states = asl.States ?? {};
    const coordinator = `${name}StateMachine`;
    services[coordinator] = { persistence: 'none', publishing: 'none' };
    const main = chain(states, asl.StartAt);
    const tasks = main.filter((s) => states[s]?.Type === 'Task');
    for (const [sn, s] of Object.entries(states))
      if (s.Type === 'Choice' || s.Type === 'Map' || s.Type === 'Parallel')
        notes.push(`${name}: state '${sn}' is a ${s.Type}, which this importer does not convert yet; its branches are left out.`);
    const command = (sn: string) => pascal(sn);
    /** A state's first Retry as a retry policy (MaxAttempts counts the retries after the first attempt), shared by equal ones. */
    const policyOf = (s: AslState): string | undefined => {
      const r = s.Retry?.[0];
      if (!r) return undefined;
      const policy: Record<string, unknown> = {
        maxAttempts: (r.MaxAttempts ?? 3) + 1,
        backoff: (r.BackoffRate ?? 2) > 1 ? 'exponential' : 'fixed',
        initialDelay: seconds(r.IntervalSeconds ?? 1) ?? '1s',
        ...(r.MaxDelaySeconds ? { maxDelay: seconds(r.MaxDelaySeconds) } : {}),
        ...(r.JitterStrategy === 'FULL' ? { jitter: true } : {}),
      };
      const key = JSON.stringify(policy);
      let named = policyKey.get(key);
      if (!named) {
        named = Object.keys(retryPolicies).length === 0 ? 'default' : `retry-${Object.keys(retryPolicies).length + 1}`;
        retryPolicies[named] = policy;
        policyKey.set(key, named);
      }
      return named;
    };
    const declareTask = (sn: string) => {
      const s = states[sn] as AslState;
      const svc = serviceOf(s);
      if (!services[svc]) {
        services[svc] = {};
        todos.push({
          path: ['services', svc],
          text: ` From the Resource of '${sn}': ${s.Resource ?? ''}.\n TODO persistence, publishing, consumers: { idempotent: true }: the definition does not say.`,
        });
      }
      const c = command(sn);
      if (!commands[c]) {
        commands[c] = { handledBy: svc };
        todos.push({ path: ['commands', c], text: ' TODO fields: the state passes its input; name the fields the task reads.' });
      }
      return c;
    };
    const start = `${name}Requested`;
    events[start] = { source: 'external' };
    todos.push({ path: ['events', start], text: ' The input of a StartExecution. TODO fields.' });
    const steps: Record<string, unknown>[] = [];
    tasks.forEach((sn, i) => {
      const s = states[sn] as AslState;
      const c = declareTask(sn);
      const svc = commands[c]?.handledBy as string;
      const step: Record<string, unknown> = {
        name: sn
          .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
          .replace(/[^A-Za-z0-9]+/g, '-')
          .toLowerCase(),
        command: c,
      };
      events[`${c}Succeeded`] = { producedBy: svc, replyTo: c };
      step.onSuccess = `${c}Succeeded`;
      if (s.Catch && s.Catch.length > 0) {
        events[`${c}Failed`] = { producedBy: svc, replyTo: c };
        step.onFailure = [`${c}Failed`];
        // The Tasks a Catch runs before its Fail undo what completed: each is matched to the
        // forward task it shares the most name with (CancelHotel → ReserveHotel), else by position.
        const undo = chain(states, s.Catch[0]?.Next).filter((x) => states[x]?.Type === 'Task');
        const earlier = tasks.slice(0, i + 1).map(command);
        undo.forEach((u, k) => {
          const uc = declareTask(u);
          const best = [...earlier].sort((a, b) => shared(uc, b) - shared(uc, a))[0];
          const target = best !== undefined && shared(uc, best) > 0 ? best : earlier[earlier.length - 2 - k];
          if (target === undefined) return;
          if (target === c) step.compensateOnFailure = true;
          const retry = policyOf(states[u] as AslState);
          compensations[target] ??= { command: uc, ...(retry ? { retry } : {}) };
        });
      } else if (i > 0) {
        notes.push(`${name}: task '${sn}' has no Catch: when it fails for good, the execution fails without undoing what completed.`);
      }
      const t = seconds(s.TimeoutSeconds ?? s.HeartbeatSeconds);
      if (t) step.timeout = t;
      const retry = policyOf(s);
      if (retry) step.retry = retry;
      steps.push(step);
    });
    const ok = main.some((x) => states[x]?.Type === 'Succeed' || states[x]?.End === true);
    const fails = Object.values(states).some((s) => s.Type === 'Fail');
    if (ok) events[`${name}Succeeded`] = { producedBy: coordinator, visibility: 'external', version: 1 };
    if (fails) events[`${name}Failed`] = { producedBy: coordinator, visibility: 'external', version: 1 };
    processes[name] = {
      pattern: 'saga',
      coordinator,
      startedBy: start,
      correlation: 'header',
      ...(seconds(asl.TimeoutSeconds) ? { timeout: seconds(asl.TimeoutSeconds) } : {}),
      ...(ok ? { completesWith: `${name}Succeeded` } : {}),
      ...(fails ? { failsWith: `${name}Failed` } : {}),
      steps,
    };
    if (!asl.TimeoutSeconds)
      todos.push({ path: ['processes', name], text: ' TODO timeout: the state machine has no TimeoutSeconds; an execution can wait a year.' });
  }
  const design: Record<string, unknown> = {
    version: 1,
    name: (found.length === 1 ? (found[0]?.name ?? 'state-machine') : file.replace(/^.*\//, '').replace(/\..*$/, ''))
      .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
      .toLowerCase(),
    description: `Imported from ${file} (AWS Step Functions).`,
    services,
    commands,
    events,
    ...(Object.keys(compensations).length > 0 ? { compensations } : {}),
    processes,
    infrastructure: {
      workflowEngine: 'step-functions',
      ...(Object.keys(retryPolicies).length > 0 ? { retryPolicies, defaultRetry: 'default' } : {}),
      transactions: 'none',
    },
  };
  return {
    ok: true,
    notes,
    text: (schemaLine) => render(design, todos, notes, file, schemaLine),
  };
}

function render(
  design: Record<string, unknown>,
  todos: readonly { path: string[]; text: string }[],
  notes: readonly string[],
  file: string,
  schemaLine: string,
): string {
  const doc = new Document(design);
  for (const t of todos) {
    const parent = doc.getIn(t.path.slice(0, -1), true);
    if (!isMap(parent)) continue;
    const pair = parent.items.find((p: Pair) => isScalar(p.key) && p.key.value === t.path[t.path.length - 1]);
    if (pair && isScalar(pair.key)) pair.key.commentBefore = t.text;
  }
  // Short maps on one line, as a designer writes them.
  for (const section of ['services', 'commands', 'events', 'compensations']) {
    const m = doc.get(section, true);
    if (isMap(m)) for (const p of m.items) if (isMap(p.value)) p.value.flow = true;
  }
  const policies = doc.getIn(['infrastructure', 'retryPolicies'], true);
  if (isMap(policies)) for (const p of policies.items) if (isMap(p.value)) p.value.flow = true;
  doc.commentBefore = [
    ` Converted by eda-advisor import step-functions from ${file}.`,
    ' The engine records each task it starts and holds a failed execution for redrive (workflowEngine).',
    ...notes.map((n) => ` NOTE ${n}`),
    ' TODO compensations: confirm each undo the Catch chains run; a task whose effect needs no undo is compensations: { X: none }.',
  ].join('\n');
  return `${schemaLine}\n${doc.toString({ lineWidth: 0 })}`;
}
