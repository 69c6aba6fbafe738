import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT, run } from '../testing/cli.js';
import { convertStepFunctions } from './step-functions.js';

const SF = 'fixtures/step-functions';
const tmp = () => mkdtempSync(path.join(tmpdir(), 'eda-sf-'));

describe('eda-advisor import step-functions', () => {
  it('turns a saga of Tasks, Retries and Catch chains into a design that reviews with no schema finding and simulates as the state machine runs', () => {
    const dir = tmp();
    const out = path.join(dir, 'design.yaml');
    const r = run(['import', 'step-functions', `${SF}/order-fulfilment.asl.json`, '--output', out]);
    expect(r.status, r.stderr).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('  workflowEngine: step-functions\n');
    // MaxAttempts 5 retries after the first attempt: six attempts; IntervalSeconds, BackoffRate, MaxDelaySeconds, JitterStrategy.
    expect(text).toContain('    retry-1: { maxAttempts: 6, backoff: exponential, initialDelay: 2s, maxDelay: 1m, jitter: true }\n');
    // No defaultRetry: a Task without Retry is not retried.
    expect(text).not.toContain('defaultRetry');
    // The Tasks a Catch runs before its Fail are the compensations, with their own Retry.
    expect(text).toContain('  ReserveStock: { command: ReleaseStock, retry: retry-2 }\n  ChargeCard: { command: RefundCard, retry: retry-2 }\n');
    expect(text).toContain('    timeout: 15m\n');
    expect(text).toContain('# TODO persistence, publishing, consumers');
    const review = JSON.parse(run(['review', out, '--format', 'json']).stdout) as { findings: { ruleId: string }[] };
    expect(review.findings.filter((f) => f.ruleId === 'schema' || f.ruleId === 'yaml-syntax' || f.ruleId === 'unknown-reference')).toEqual([]);
    const sim = run(['simulate', out]);
    expect(sim.status).toBe(0);
    // As Step Functions runs it: a failed shipment refunds the card, then releases the stock.
    expect(sim.stdout).toMatch(/step 'ship-order' fails +ReserveStock, ChargeCard +RefundCard → ReleaseStock +OrderFulfilmentFailed +consistent/);
    expect(run(['import', 'step-functions', `${SF}/order-fulfilment.asl.json`, '--output', out]).stderr).toContain(
      'exists; choose another --output or add --force',
    );
    expect(run(['import', 'step-functions', `${SF}/order-fulfilment.asl.json`, '--output', out, '--force']).status).toBe(0);
  });

  it('reads a CloudFormation template whose DefinitionString is an Fn::Sub, leaving the substitutions as placeholders', () => {
    const dir = tmp();
    const asl = readFileSync(path.join(ROOT, SF, 'order-fulfilment.asl.json'), 'utf8').replace(
      'arn:aws:lambda:eu-west-1:123456789012:function:inventory-reserve',
      '${InventoryReserveFunctionArn}',
    );
    const template = path.join(dir, 'template.json');
    writeFileSync(
      template,
      JSON.stringify({ Resources: { FulfilOrder: { Type: 'AWS::StepFunctions::StateMachine', Properties: { DefinitionString: { 'Fn::Sub': asl } } } } }),
    );
    const r = run(['import', 'step-functions', template]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('  InventoryReserveFunction: {}');
    expect(r.stdout).toContain('  FulfilOrder:\n    pattern: saga');
  });

  it('says where a definition leaves things undone, and review catches the defect', () => {
    const r = run(['import', 'step-functions', `${SF}/flawed-no-retry.asl.json`]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain("task 'ChargeCard' has no Catch: when it fails for good, the execution fails without undoing what completed.");
    const review = run(['review', '-', '--stdin-filename', 'imported.yaml', '--format', 'json'], {}, r.stdout);
    const ids = (JSON.parse(review.stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId);
    expect(ids).toEqual(expect.arrayContaining(['missing-compensation', 'missing-retry-policy', 'missing-failure-path', 'missing-timeout']));
  });

  it('reads a Choice as the if of the steps it leads to, a Map as a batch, a Parallel of single tasks as one step, a notification as nothing to undo', () => {
    const r = run(['import', 'step-functions', `${SF}/order-batch.asl.json`]);
    expect(r.status, r.stderr).toBe(0);
    const design = parse(r.stdout) as { processes: Record<string, { steps: Record<string, unknown>[] }>; compensations: Record<string, unknown> };
    const steps = design.processes.OrderBatch?.steps ?? [];
    expect(steps.map((s) => s.name)).toEqual(['book-courier', 'reserve-item', 'charge-and-notify']);
    expect(steps[0]).toMatchObject({ command: 'BookCourier', if: '$.express = true' });
    // The Map's Catch releases every item: the batch undoes the items that completed.
    expect(steps[1]).toMatchObject({ command: 'ReserveItem', forEach: 'items', partialFailure: 'compensate-completed' });
    expect(steps[2]).toMatchObject({ commands: ['ChargeCard', 'NotifyWarehouse'], compensateOnFailure: true });
    // One undo chain entered where each Catch's own undo starts, through a Choice and a Map.
    expect(design.compensations).toMatchObject({
      ChargeCard: { command: 'RefundCard' },
      ReserveItem: { command: 'ReleaseItem' },
      BookCourier: { command: 'CancelCourier' },
      NotifyWarehouse: 'none',
    });
    expect(r.stdout).toContain("# 'NotifyWarehouse' only notifies (arn:aws:states:::sns:publish). TODO confirm that nothing needs undoing.\n");
    const sim = run(['simulate', '-'], {}, r.stdout);
    expect(sim.stdout).toContain('3 failure points, all consistent');
    expect(sim.stdout).toMatch(/step 'charge-and-notify' fails +BookCourier, ReserveItem +RefundCard → ReleaseItem → CancelCourier/);
  });

  it('makes a process manager of a machine whose Parallel branches run several tasks, and it simulates as the machine runs', () => {
    const r = run(['import', 'step-functions', `${SF}/trip-parallel.asl.json`]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('it is a process manager, a state per task.');
    const design = parse(r.stdout) as { processes: Record<string, Record<string, unknown>> };
    const pm = design.processes.TripParallel as { pattern: string; initial: string; states: Record<string, { on?: Record<string, unknown> }> };
    expect(pm.pattern).toBe('process-manager');
    expect(pm.initial).toBe('BookTrip');
    // A branch goes on in the same state; its last task joins the branches.
    expect(pm.states.BookTrip?.on?.HoldFlightSucceeded).toEqual({ goto: 'BookTrip', send: 'ConfirmFlight' });
    expect(pm.states.BookTrip?.on?.ConfirmFlightSucceeded).toEqual([
      { if: "every other branch of 'BookTrip' has finished", goto: 'TripBooked' },
      { goto: 'BookTrip' },
    ]);
    expect(pm.states.BookTrip?.on?.HoldHotelFailed).toEqual({ goto: 'CancelHotel' });
    const review = JSON.parse(run(['review', '-', '--format', 'json'], {}, r.stdout).stdout) as { findings: { ruleId: string; severity: string }[] };
    expect(review.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(run(['simulate', '-'], {}, r.stdout).stdout).toContain('4 failure points, all consistent');
  });

  it('reviews a definition directly: findings at its states, a Catch that skips a compensation, what the definition does not say', () => {
    const r = run(['review', `${SF}/flawed-catch-skips.asl.json`, '--format', 'json']);
    expect(r.status).toBe(1);
    const findings = (JSON.parse(r.stdout) as { findings: { ruleId: string; messageId: string; line: number; column: number; message: string }[] }).findings;
    const text = readFileSync(path.join(ROOT, SF, 'flawed-catch-skips.asl.json'), 'utf8').split('\n');
    const skip = findings.find((f) => f.messageId === 'catch-skips');
    expect(skip).toMatchObject({ ruleId: 'missing-compensation' });
    // At the Catch of ChargeCard, which goes straight to the Fail.
    expect(text[(skip?.line ?? 0) - 1]).toContain('"Catch": [{ "ErrorEquals": ["States.ALL"], "Next": "OrderFailed" }]');
    expect(
      text
        .slice(0, (skip?.line ?? 0) - 1)
        .reverse()
        .find((l) => /^ {4}"\w+": \{/.test(l)),
    ).toContain('"ChargeCard"');
    const batch = findings.find((f) => f.ruleId === 'batch-partial-failure');
    expect(text[(batch?.line ?? 0) - 1]).toContain('"PackLine": {');
    expect(batch?.message).toContain("The definition does not say what becomes of the items that completed when one fails (Map 'PackItems' sets no");
    // Packing is not undone by any Catch: the design's own rule says so, at the task.
    expect(findings.filter((f) => f.ruleId === 'missing-compensation').map((f) => f.line)).toEqual([batch?.line, skip?.line]);
    // A finding of the source obeys the levels as any other.
    const off = run(['review', `${SF}/flawed-catch-skips.asl.json`, '--format', 'json', '--rule', 'missing-compensation=off']);
    expect((JSON.parse(off.stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId)).not.toContain('missing-compensation');
    // The sound definitions: nothing at warning or above but what the definition cannot say (tracing).
    for (const sound of ['order-fulfilment', 'order-batch', 'trip-parallel']) {
      const ok = run(['review', `${SF}/${sound}.asl.json`, '--format', 'json']);
      const found = (JSON.parse(ok.stdout) as { findings: { ruleId: string; severity: string }[] }).findings;
      expect(
        found.filter((f) => f.severity !== 'info').map((f) => f.ruleId),
        sound,
      ).toEqual(['missing-observability']);
      expect(ok.status, sound).toBe(0);
    }
  });

  it('points at the lines of a template holding a Definition, and gives a malformed definition as a schema finding at its line', () => {
    const dir = tmp();
    const template = path.join(dir, 'template.yaml');
    writeFileSync(
      template,
      [
        'AWSTemplateFormatVersion: "2010-09-09"',
        'Transform: AWS::Serverless-2016-10-31',
        'Resources:',
        '  Checkout:',
        '    Type: AWS::Serverless::StateMachine',
        '    Properties:',
        '      Definition:',
        '        StartAt: Charge',
        '        States:',
        '          Charge:',
        '            Type: Task',
        '            Resource: arn:aws:states:::lambda:invoke',
        '            Parameters: { FunctionName: !GetAtt ChargeFunction.Arn }',
        '            Next: Ship',
        '          Ship:',
        '            Type: Task',
        '            Resource: arn:aws:states:::ecs:runTask',
        '            End: true',
        '',
      ].join('\n'),
    );
    const r = run(['review', template, '--format', 'json']);
    const findings = (JSON.parse(r.stdout) as { findings: { ruleId: string; line: number; message: string }[] }).findings;
    expect(findings.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['missing-timeout', 'missing-failure-path', 'missing-retry-policy']));
    // The failure path Ship lacks is at its state, line 15; the timeout the machine lacks at its StartAt, line 8.
    expect(findings.find((f) => f.ruleId === 'missing-failure-path' && f.message.includes("'ship'"))?.line).toBe(15);
    expect(findings.find((f) => f.ruleId === 'missing-timeout')?.line).toBe(8);
    expect(findings.find((f) => f.ruleId === 'missing-timeout')?.message).toContain('The definition does not say how long an execution may run');
    const imported = run(['import', 'step-functions', template]);
    expect(imported.stdout).toContain('# No .sync: the step succeeds once the job has started, not when it ends.');
    const bad = run(['review', `${SF}/malformed.asl.json`, '--format', 'json']);
    expect(bad.status).toBe(1);
    expect((JSON.parse(bad.stdout) as { findings: unknown[] }).findings).toEqual([
      expect.objectContaining({
        ruleId: 'schema',
        line: 4,
        column: 47,
        message: "Cannot be read as a design: Malformed: state 'ReserveStock' goes to 'Nowhere', which is not a state.",
      }),
    ]);
    expect(run(['simulate', `${SF}/order-fulfilment.asl.json`]).stderr).toContain(
      'is a Step Functions state machine: convert it first (eda-advisor import step-functions',
    );
  });

  it('keeps the items that succeeded of a Map that tolerates failures, and says when a task waits for a token with no deadline', () => {
    const asl = {
      StartAt: 'Notify',
      TimeoutSeconds: 60,
      States: {
        Notify: {
          Type: 'Map',
          ItemsPath: '$.recipients',
          ToleratedFailurePercentage: 10,
          ItemProcessor: {
            StartAt: 'SendLetter',
            States: { SendLetter: { Type: 'Task', Resource: 'arn:aws:lambda:eu-west-1:1:function:letters-send', End: true } },
          },
          Next: 'AwaitSignature',
        },
        AwaitSignature: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Failed' }],
          End: true,
        },
        Failed: { Type: 'Fail' },
      },
    };
    const result = convertStepFunctions({ file: 'letters.asl.json', text: JSON.stringify(asl, null, 2) });
    if (!result.ok) throw new Error(result.problems[0]?.message);
    const steps = (result.imported.value.processes as Record<string, { steps: Record<string, unknown>[] }>).Letters?.steps ?? [];
    expect(steps[0]).toMatchObject({ command: 'SendLetter', forEach: 'recipients', partialFailure: 'continue' });
    expect(result.imported.silences).toContainEqual(
      expect.objectContaining({ rules: ['missing-timeout'], what: expect.stringContaining("how long 'AwaitSignature' waits for its token") }),
    );
    expect(result.imported.text('')).toContain('# .waitForTaskToken: the task waits until a worker sends its token back');
  });

  it('refuses what is not a state machine, or names a state that does not exist: one line, exit 2, nothing written', () => {
    const dir = tmp();
    const out = path.join(dir, 'out.yaml');
    const bad = run(['import', 'step-functions', `${SF}/malformed.asl.json`, '--output', out]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("fixtures/step-functions/malformed.asl.json:4:47: Malformed: state 'ReserveStock' goes to 'Nowhere', which is not a state.");
    expect(existsSync(out)).toBe(false);
    const notOne = run(['import', 'step-functions', 'fixtures/designs/order-saga.yaml']);
    expect(notOne.status).toBe(2);
    expect(notOne.stderr).toContain('not a Step Functions state machine');
    const broken = path.join(dir, 'broken.json');
    writeFileSync(broken, '{ "StartAt": "A", "States": {');
    expect(run(['import', 'step-functions', broken]).stderr).toMatch(/broken\.json:1:\d+: /);
  });

  it('stays shallow on hostile shapes: Choices nested thousands deep, Parallels nested in a DefinitionString', () => {
    const states: Record<string, unknown> = { End: { Type: 'Succeed' } };
    for (let i = 0; i < 3000; i++) {
      states[`C${i}`] = { Type: 'Choice', Choices: [{ Variable: '$.x', NumericEquals: i, Next: `T${i}` }], Default: i + 1 < 3000 ? `C${i + 1}` : 'End' };
      states[`T${i}`] = { Type: 'Task', Resource: `arn:aws:lambda:eu-west-1:1:function:f${i}`, Next: 'End' };
    }
    const deep = convertStepFunctions({ file: 'deep.asl.json', text: JSON.stringify({ StartAt: 'C0', States: states }) });
    if (!deep.ok) throw new Error(deep.problems[0]?.message);
    expect(deep.imported.notes).toContain("Deep: Choice 'C32' is nested 32 Choices deep; it and what follows it are left out.");
    let inner: Record<string, unknown> = { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:lambda:r:1:function:f', End: true } } };
    for (let i = 0; i < 1000; i++) inner = { StartAt: 'P', States: { P: { Type: 'Parallel', Branches: [inner], End: true } } };
    const template = { Resources: { M: { Type: 'AWS::StepFunctions::StateMachine', Properties: { DefinitionString: JSON.stringify(inner) } } } };
    const nested = convertStepFunctions({ file: 'template.json', text: JSON.stringify(template) });
    expect(nested.ok).toBe(false);
    if (!nested.ok) expect(nested.problems[0]?.message).toContain('nests Map and Parallel states more than 32 deep');
  });
});
