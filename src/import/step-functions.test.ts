import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, run } from '../testing/cli.js';

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
    expect(text).toContain('    default: { maxAttempts: 6, backoff: exponential, initialDelay: 2s, maxDelay: 1m, jitter: true }\n');
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

  it('refuses what is not a state machine, or names a state that does not exist: one line, exit 2, nothing written', () => {
    const dir = tmp();
    const out = path.join(dir, 'out.yaml');
    const bad = run(['import', 'step-functions', `${SF}/malformed.asl.json`, '--output', out]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("fixtures/step-functions/malformed.asl.json: Malformed: state 'ReserveStock' goes to 'Nowhere', which is not a state.");
    expect(existsSync(out)).toBe(false);
    const notOne = run(['import', 'step-functions', 'fixtures/designs/order-saga.yaml']);
    expect(notOne.status).toBe(2);
    expect(notOne.stderr).toContain('not a Step Functions state machine');
    const broken = path.join(dir, 'broken.json');
    writeFileSync(broken, '{ "StartAt": "A", "States": {');
    expect(run(['import', 'step-functions', broken]).stderr).toMatch(/broken\.json:1:\d+: /);
  });
});
