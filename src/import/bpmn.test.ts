import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT, run } from '../testing/cli.js';
import { convertBpmn, isoSeconds } from './bpmn.js';

const BPMN = 'fixtures/bpmn';
const tmp = () => mkdtempSync(path.join(tmpdir(), 'eda-bpmn-'));
const read = (name: string) => readFileSync(path.join(ROOT, BPMN, name), 'utf8');
/** The 1-based line of the first line of the file that holds `text`. */
const lineOf = (name: string, text: string) =>
  read(name)
    .split('\n')
    .findIndex((l) => l.includes(text)) + 1;

interface Design {
  processes: Record<string, { pattern: string; timeout?: string; steps?: Record<string, unknown>[]; reactions?: Record<string, unknown>[] }>;
  compensations?: Record<string, { command: string }>;
  services: Record<string, unknown>;
  infrastructure: Record<string, unknown>;
}

describe('eda-advisor import bpmn', () => {
  it('turns lanes, tasks, compensation and error boundary events, timers and multi-instance tasks into a saga that simulates as the engine runs it', () => {
    const dir = tmp();
    const out = path.join(dir, 'design.yaml');
    const r = run(['import', 'bpmn', `${BPMN}/order-fulfilment.bpmn`, '--output', out]);
    expect(r.status, r.stderr).toBe(0);
    const text = readFileSync(out, 'utf8');
    const design = parse(text) as Design;
    expect(Object.keys(design.services)).toEqual(['OrderFulfilmentEngine', 'Inventory', 'Payments', 'Shipping']);
    const p = design.processes.OrderFulfilment;
    // The event subprocess's timer is the process's deadline.
    expect(p).toMatchObject({ pattern: 'saga', timeout: '1d', startedBy: 'OrderPlaced' });
    expect(p?.steps?.map((s) => s.name)).toEqual(['reserve-stock', 'charge-card', 'ship-parcel']);
    expect(p?.steps?.[1]).toMatchObject({ command: 'ChargeCard', onFailure: ['ChargeCardFailed'], retry: 'attempts-5' });
    // Multi-instance over Zeebe's inputCollection, with its compensation: the completed parcels are recalled.
    expect(p?.steps?.[2]).toMatchObject({ command: 'ShipParcel', forEach: 'parcels', partialFailure: 'compensate-completed', timeout: '2h' });
    expect(design.compensations).toMatchObject({
      ReserveStock: { command: 'ReleaseStock' },
      ChargeCard: { command: 'RefundCard' },
      ShipParcel: { command: 'RecallParcel' },
    });
    expect(design.infrastructure).toMatchObject({ workflowEngine: 'camunda' });
    expect(text).toContain('# From zeebe:taskDefinition retries="5". TODO backoff: the job worker sets the wait between attempts.\n');
    const sim = run(['simulate', out]);
    expect(sim.status).toBe(0);
    expect(sim.stdout).toMatch(
      /step 'ship-parcel' fails +ReserveStock, ChargeCard, ShipParcel +RecallParcel → RefundCard → ReleaseStock +OrderFulfilmentFailed +consistent/,
    );
    // The model reviewed directly: no finding at warning or above but what the model cannot say.
    const review = run(['review', `${BPMN}/order-fulfilment.bpmn`, '--format', 'json']);
    expect(review.status).toBe(0);
    const findings = (JSON.parse(review.stdout) as { findings: { ruleId: string; severity: string; line: number; message: string }[] }).findings;
    expect(findings.filter((f) => f.severity !== 'info').map((f) => f.ruleId)).toEqual(['missing-observability']);
    // An info about the refund points at the RefundCard task.
    const refund = findings.find((f) => f.message.includes('RefundCard'));
    expect(refund?.line).toBe(lineOf('order-fulfilment.bpmn', '<bpmn:serviceTask id="RefundCard"'));
    expect(run(['import', 'bpmn', `${BPMN}/order-fulfilment.bpmn`, '--output', out]).stderr).toContain('exists; choose another --output or add --force');
    expect(run(['import', 'bpmn', `${BPMN}/order-fulfilment.bpmn`, '--output', out, '--force']).status).toBe(0);
    // The commands that work on a design ask for the import first.
    expect(run(['verify', `${BPMN}/order-fulfilment.bpmn`]).stderr).toContain(
      'is a BPMN model: convert it first (eda-advisor import bpmn fixtures/bpmn/order-fulfilment.bpmn --output design.yaml)',
    );
  });

  it('reviews a flawed model at its elements: an error path that throws no compensation, a multi-instance task with nothing to undo, a task with no retries', () => {
    const name = 'flawed-no-compensation-thrown.bpmn';
    const r = run(['review', `${BPMN}/${name}`, '--format', 'json']);
    expect(r.status).toBe(1);
    const findings = (JSON.parse(r.stdout) as { findings: { ruleId: string; messageId: string; line: number; message: string }[] }).findings;
    const skip = findings.find((f) => f.messageId === 'compensation-not-thrown');
    expect(skip).toMatchObject({ ruleId: 'missing-compensation', line: lineOf(name, '<bpmn:boundaryEvent id="ChargeCardDeclined"') });
    expect(skip?.message).toContain("'ReleaseStock' never runs and what 'Reserve stock' did stays done");
    const batch = findings.find((f) => f.ruleId === 'batch-partial-failure');
    expect(batch?.line).toBe(lineOf(name, '<bpmn:serviceTask id="ShipParcel"'));
    expect(batch?.message).toContain("The model does not say what becomes of the instances that completed when one fails ('Ship parcel' is multi-instance");
    const retry = findings.find((f) => f.ruleId === 'missing-retry-policy');
    expect(retry?.line).toBe(lineOf(name, '<bpmn:serviceTask id="ChargeCard"'));
    expect(retry?.message).toContain("The model does not say how often the engine retries 'Charge card'");
  });

  it('makes a choreography of pools that talk by message flows', async () => {
    const source = { file: 'order-choreography.bpmn', text: read('order-choreography.bpmn') };
    const result = await convertBpmn(source);
    if (!result.ok) throw new Error(result.problems[0]?.message);
    const p = (result.imported.value as unknown as Design).processes.OrderChoreography;
    expect(p?.pattern).toBe('choreography');
    expect(p?.reactions).toEqual([
      { when: 'OrderRequested', service: 'Orders', command: 'PlaceOrder', emits: ['OrderPlaced'] },
      { when: 'OrderShipped', service: 'Orders', command: 'CompleteOrder' },
      { when: 'PaymentDeclined', service: 'Orders', command: 'CancelOrder' },
      { when: 'OrderPlaced', service: 'Payments', command: 'ChargeCard', onFailure: ['PaymentDeclined'], emits: ['PaymentCharged'] },
      { when: 'PaymentCharged', service: 'Shipping', command: 'ShipOrder', emits: ['OrderShipped'] },
    ]);
    const imported = run(['import', 'bpmn', `${BPMN}/order-choreography.bpmn`]);
    expect(run(['simulate', '-'], {}, imported.stdout).stdout).toContain('1 failure point, all consistent');
  });

  it('reads exclusive gateways as conditions, parallel gateways of single tasks as one step, a send task and the message it awaits as the step and its reply', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">
  <bpmn:process id="Claims" name="Claims" isExecutable="true">
    <bpmn:startEvent id="s" />
    <bpmn:exclusiveGateway id="big" name="Large claim?" default="small" />
    <bpmn:sendTask id="RequestAssessment" name="Request assessment" />
    <bpmn:intermediateCatchEvent id="assessed" name="Assessment received"><bpmn:messageEventDefinition /></bpmn:intermediateCatchEvent>
    <bpmn:exclusiveGateway id="join" />
    <bpmn:parallelGateway id="fork" />
    <bpmn:serviceTask id="PayClaim" name="Pay claim" />
    <bpmn:serviceTask id="NotifyCustomer" name="Notify customer" />
    <bpmn:parallelGateway id="merge" />
    <bpmn:endEvent id="e" />
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="big" />
    <bpmn:sequenceFlow id="f2" sourceRef="big" targetRef="RequestAssessment"><bpmn:conditionExpression>=amount &gt; 10000</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="small" sourceRef="big" targetRef="join" />
    <bpmn:sequenceFlow id="f3" sourceRef="RequestAssessment" targetRef="assessed" />
    <bpmn:sequenceFlow id="f4" sourceRef="assessed" targetRef="join" />
    <bpmn:sequenceFlow id="f5" sourceRef="join" targetRef="fork" />
    <bpmn:sequenceFlow id="f6" sourceRef="fork" targetRef="PayClaim" />
    <bpmn:sequenceFlow id="f7" sourceRef="fork" targetRef="NotifyCustomer" />
    <bpmn:sequenceFlow id="f8" sourceRef="PayClaim" targetRef="merge" />
    <bpmn:sequenceFlow id="f9" sourceRef="NotifyCustomer" targetRef="merge" />
    <bpmn:sequenceFlow id="f10" sourceRef="merge" targetRef="e" />
  </bpmn:process>
</bpmn:definitions>`;
    const result = await convertBpmn({ file: 'claims.bpmn', text: xml });
    if (!result.ok) throw new Error(result.problems[0]?.message);
    const steps = (result.imported.value as unknown as Design).processes.Claims?.steps;
    expect(steps).toEqual([
      { name: 'request-assessment', command: 'RequestAssessment', if: 'amount > 10000', onSuccess: 'AssessmentReceived' },
      { name: 'fork', commands: ['PayClaim', 'NotifyCustomer'] },
    ]);
    expect(isoSeconds('PT1H30M')).toBe(5400);
    expect(isoSeconds('P1D')).toBe(86400);
    expect(isoSeconds('soon')).toBeUndefined();
  });

  it('refuses a DOCTYPE (no entity expansion, no external entity), a broken reference and what is not BPMN: one line at file:line:col, exit 2, nothing written', () => {
    const dir = tmp();
    const out = path.join(dir, 'out.yaml');
    const laughs = path.join(dir, 'laughs.bpmn');
    writeFileSync(
      laughs,
      [
        '<?xml version="1.0"?>',
        '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
        '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d"><bpmn:process id="p" name="&lol1;&xxe;"><bpmn:startEvent id="s"/></bpmn:process></bpmn:definitions>',
      ].join('\n'),
    );
    const refused = run(['import', 'bpmn', laughs, '--output', out]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('laughs.bpmn:2:1: the model declares a DOCTYPE or entities');
    expect(existsSync(out)).toBe(false);
    // review sees it as BPMN too, and says the same as a schema finding.
    const reviewed = JSON.parse(run(['review', laughs, '--format', 'json']).stdout) as { findings: { ruleId: string; line: number; message: string }[] };
    expect(reviewed.findings).toEqual([expect.objectContaining({ ruleId: 'schema', line: 2 })]);
    expect(reviewed.findings[0]?.message).not.toContain('root:');
    const broken = run(['import', 'bpmn', `${BPMN}/malformed-reference.bpmn`]);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toContain(
      `malformed-reference.bpmn:${lineOf('malformed-reference.bpmn', 'id="ChargeCardUndo"')}:5: element 'ChargeCardUndo' refers to 'ChargeCreditCard' (attachedToRef), which is not in the model; fix the reference.`,
    );
    const notXml = path.join(dir, 'note.bpmn');
    writeFileSync(notXml, 'this is not XML\n');
    const r = run(['import', 'bpmn', notXml]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/note\.bpmn:\d+:\d+: not a BPMN 2\.0 model: /);
    const unclosed = path.join(dir, 'unclosed.bpmn');
    writeFileSync(
      unclosed,
      '<?xml version="1.0"?>\n<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">\n  <bpmn:process id="p">\n    <bpmn:task id="t">\n  </bpmn:process>\n</bpmn:definitions>\n',
    );
    expect(run(['import', 'bpmn', unclosed]).stderr).toMatch(/unclosed\.bpmn:\d+:\d+: not a BPMN 2\.0 model: unparsable content/);
  });

  it('makes a process manager of a model whose event-based gateway branches go on in different ways, or whose parallel branches run several tasks', async () => {
    const approval = await convertBpmn({ file: 'order-approval.bpmn', text: read('order-approval.bpmn') });
    if (!approval.ok) throw new Error(approval.problems[0]?.message);
    expect(approval.imported.notes).toContain(
      'OrderApproval: its gateways branch in ways a saga cannot say: it is a process manager, a state per task and per wait.',
    );
    const design = approval.imported.value as unknown as Design & {
      processes: Record<string, { initial: string; states: Record<string, { on?: Record<string, unknown>; timeout?: unknown }> }>;
    };
    const pm = design.processes.OrderApproval;
    expect(pm).toMatchObject({ pattern: 'process-manager', initial: 'ReserveStock', timeout: '7d' });
    // The wait is a state: each message a transition, the timer its timeout; the compensation thrown sends the undos, last first.
    expect(pm?.states.AwaitTheDecision?.on).toEqual({
      OrderApproved: { goto: 'ChargeCard' },
      ChangesRequested: { goto: 'ReviseOrder' },
      OrderRejected: { goto: 'OrderCancelled', send: ['DiscardRevision', 'ReleaseStock'] },
    });
    expect(pm?.states.AwaitTheDecision?.timeout).toEqual({ after: '2d', goto: 'OrderCancelled', send: ['DiscardRevision', 'ReleaseStock'] });
    // A send task only tells.
    expect(design.compensations).toMatchObject({ RequestApproval: 'none', ReserveStock: { command: 'ReleaseStock' } });

    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">
  <bpmn:process id="Trip" name="Trip" isExecutable="true">
    <bpmn:startEvent id="s" />
    <bpmn:parallelGateway id="fork" name="Book both" />
    <bpmn:serviceTask id="HoldFlight" name="Hold flight" />
    <bpmn:serviceTask id="ConfirmFlight" name="Confirm flight" />
    <bpmn:serviceTask id="BookHotel" name="Book hotel" />
    <bpmn:parallelGateway id="join" />
    <bpmn:endEvent id="e" name="Trip booked" />
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="fork" />
    <bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="HoldFlight" />
    <bpmn:sequenceFlow id="f3" sourceRef="HoldFlight" targetRef="ConfirmFlight" />
    <bpmn:sequenceFlow id="f4" sourceRef="ConfirmFlight" targetRef="join" />
    <bpmn:sequenceFlow id="f5" sourceRef="fork" targetRef="BookHotel" />
    <bpmn:sequenceFlow id="f6" sourceRef="BookHotel" targetRef="join" />
    <bpmn:sequenceFlow id="f7" sourceRef="join" targetRef="e" />
  </bpmn:process>
</bpmn:definitions>`;
    const trip = await convertBpmn({ file: 'trip.bpmn', text: xml });
    if (!trip.ok) throw new Error(trip.problems[0]?.message);
    const states = (trip.imported.value as unknown as { processes: Record<string, { initial: string; states: Record<string, unknown> }> }).processes.Trip;
    expect(states?.initial).toBe('BookBoth');
    expect(states?.states.BookBoth).toEqual({
      onEntry: { send: ['HoldFlight', 'BookHotel'] },
      on: {
        HoldFlightSucceeded: { goto: 'BookBoth', send: 'ConfirmFlight' },
        ConfirmFlightSucceeded: [{ if: "every other branch of 'Book both' has finished", goto: 'TripBooked' }, { goto: 'BookBoth' }],
        BookHotelSucceeded: [{ if: "every other branch of 'Book both' has finished", goto: 'TripBooked' }, { goto: 'BookBoth' }],
      },
    });
  });
});
