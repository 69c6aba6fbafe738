// Sources for the importers' bench entries: a Step Functions saga of `n` states and a BPMN model of
// `n` flow elements, each a chain of tasks whose failures undo what completed.

/** A state machine of n states: forward tasks with Retry and a Catch into the undo chain, the undo tasks, a Fail and a Succeed. */
export function generateStateMachine(n) {
  const half = Math.max(1, Math.floor((n - 2) / 2));
  const retry = [{ ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 1, BackoffRate: 2, MaxAttempts: 3 }];
  const states = {};
  for (let i = 1; i <= half; i++) {
    states[`ReserveItem${i}`] = {
      Type: 'Task',
      Resource: `arn:aws:lambda:eu-west-1:123456789012:function:service-${i}-reserve`,
      TimeoutSeconds: 30,
      Retry: retry,
      Catch: [{ ErrorEquals: ['States.ALL'], Next: i === 1 ? 'Failed' : `ReleaseItem${i - 1}` }],
      Next: i === half ? 'Done' : `ReserveItem${i + 1}`,
    };
    states[`ReleaseItem${i}`] = {
      Type: 'Task',
      Resource: `arn:aws:lambda:eu-west-1:123456789012:function:service-${i}-release`,
      Retry: retry,
      Next: i === 1 ? 'Failed' : `ReleaseItem${i - 1}`,
    };
  }
  states.Failed = { Type: 'Fail' };
  states.Done = { Type: 'Succeed' };
  return `${JSON.stringify({ StartAt: 'ReserveItem1', TimeoutSeconds: 86400, States: states }, null, 2)}\n`;
}

/** A BPMN model of about n flow elements: tasks with compensation and error boundary events, one compensation throw. */
export function generateBpmn(n) {
  const tasks = Math.max(1, Math.floor((n - 4) / 5));
  const parts = [];
  const flows = [];
  const associations = [];
  parts.push('<bpmn:startEvent id="Start"><bpmn:outgoing>F0</bpmn:outgoing></bpmn:startEvent>');
  for (let i = 1; i <= tasks; i++) {
    const next = i === tasks ? 'End' : `Task${i + 1}`;
    parts.push(
      `<bpmn:serviceTask id="Task${i}" name="Reserve item ${i}"><bpmn:extensionElements><zeebe:taskDefinition type="reserve-${i}" retries="3" /></bpmn:extensionElements></bpmn:serviceTask>`,
      `<bpmn:boundaryEvent id="Undo${i}" attachedToRef="Task${i}"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>`,
      `<bpmn:serviceTask id="Release${i}" name="Release item ${i}" isForCompensation="true"><bpmn:extensionElements><zeebe:taskDefinition type="release-${i}" retries="10" /></bpmn:extensionElements></bpmn:serviceTask>`,
      `<bpmn:boundaryEvent id="Failed${i}" attachedToRef="Task${i}"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>`,
    );
    flows.push(
      `<bpmn:sequenceFlow id="F${i}" sourceRef="Task${i}" targetRef="${next}" />`,
      `<bpmn:sequenceFlow id="E${i}" sourceRef="Failed${i}" targetRef="Compensate" />`,
    );
    associations.push(`<bpmn:association id="A${i}" sourceRef="Undo${i}" targetRef="Release${i}" />`);
  }
  flows.unshift('<bpmn:sequenceFlow id="F0" sourceRef="Start" targetRef="Task1" />');
  parts.push(
    '<bpmn:endEvent id="End" />',
    '<bpmn:intermediateThrowEvent id="Compensate"><bpmn:compensateEventDefinition /></bpmn:intermediateThrowEvent>',
    '<bpmn:endEvent id="Aborted"><bpmn:errorEventDefinition /></bpmn:endEvent>',
  );
  flows.push('<bpmn:sequenceFlow id="FC" sourceRef="Compensate" targetRef="Aborted" />');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="Defs">',
    '<bpmn:process id="Generated" name="Generated" isExecutable="true">',
    ...parts,
    ...flows,
    ...associations,
    '</bpmn:process>',
    '</bpmn:definitions>',
    '',
  ].join('\n');
}
