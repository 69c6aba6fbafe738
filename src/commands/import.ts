import { Command } from 'commander';
import { importAsyncApi, importBpmn, importStepFunctions, type ImportOutcome } from '../app/import.js';
import { maxFileSizeOption, notice } from './options.js';

interface CliOptions {
  output?: string;
  force?: boolean;
  maxFileSize: number;
}

/** An import's outcome as the terminal shows it: problems and notices on standard error, the design on standard output. */
function print(outcome: ImportOutcome): void {
  for (const line of outcome.problems) process.stderr.write(`${line}\n`);
  for (const line of outcome.notices) notice(line);
  if (outcome.text !== undefined) process.stdout.write(outcome.text);
  process.exitCode = outcome.exitCode;
}

export function makeImportCommand(): Command {
  const importCommand = new Command('import').description('Convert a description from another format into a design.').addHelpText(
    'after',
    `
Examples:
  $ eda-advisor import asyncapi asyncapi.yaml --output design.yaml
  $ eda-advisor import step-functions trip.asl.json --output design.yaml
  $ eda-advisor import bpmn order.bpmn --output design.yaml
  $ eda-advisor import asyncapi --help`,
  );
  importCommand.addCommand(
    new Command('asyncapi')
      .description('Convert an AsyncAPI 2.x or 3.x document (YAML or JSON) into a design, with TODOs for what AsyncAPI cannot say.')
      .argument('<file>', 'an AsyncAPI document; - reads one from standard input')
      .option('-o, --output <file>', 'write the design to this file (whole or not at all) instead of standard output')
      .option('--force', 'overwrite --output when it exists')
      .addOption(maxFileSizeOption())
      .addHelpText(
        'after',
        `
What becomes what: the application the document describes → a service (named from info.title);
its servers → infrastructure.messaging (the broker from the protocol); each operation's messages →
events or commands (a past-tense name or a tag 'event' makes an event, an imperative name or a tag
'command' a command), sent or received by the application; payload properties → fields (optional
unless required); x-context on info (or an info tag context:<Name>) → a context. $refs to files are
resolved; remote $refs are not fetched. Processes, compensations, retries, the outbox and delivery
guarantees are not in AsyncAPI: they are left as TODO comments, never invented.

eda-advisor review also accepts an AsyncAPI document directly: it is converted in memory and its
findings point at lines of the AsyncAPI file.

Exit codes: 0 converted; 1 the document is not valid AsyncAPI (its problems are printed); 2 the run
could not be done.

Examples:
  $ eda-advisor import asyncapi asyncapi.yaml --output design.yaml
  $ eda-advisor import asyncapi asyncapi.json | eda-advisor review -`,
      )
      .action(async (file: string, opts: CliOptions) => print(await importAsyncApi(file, { ...opts, cwd: process.cwd() }))),
  );
  importCommand.addCommand(
    new Command('step-functions')
      .description(
        'Convert an AWS Step Functions state machine (Amazon States Language, or a CloudFormation / SAM template holding one) into a design, with TODOs where the definition is silent.',
      )
      .argument('<file>', 'a state machine definition (.asl.json, JSON or YAML) or a template')
      .option('-o, --output <file>', 'write the design to this file (whole or not at all) instead of standard output')
      .option('--force', 'overwrite --output when it exists')
      .addOption(maxFileSizeOption())
      .addHelpText(
        'after',
        `
What becomes what: each Task on the path from StartAt → a saga step, its command handled by the
service its Resource names (a Lambda function, DynamoDB, SNS, SQS, ECS, an activity); Retry → a
retry policy (MaxAttempts retries after the first attempt, IntervalSeconds, BackoffRate,
MaxDelaySeconds, JitterStrategy); a Catch → the step's failure event, and the Tasks its path runs
before the Fail → the compensations of what completed (matched by name: CancelHotel undoes
ReserveHotel); a notification (SNS, SQS, EventBridge, SES) → nothing to undo, to confirm; Choice →
the if of the steps on each branch; Map → a forEach step (tolerated failures → partialFailure:
continue; a Catch that undoes the items → compensate-completed); Parallel of one task per branch →
one step of several commands, longer branches → a process manager, a state per task;
TimeoutSeconds and HeartbeatSeconds → timeouts; Succeed and Fail → the outcomes;
workflowEngine: step-functions. A Catch that skips a compensation is reported (the design's saga
would run it).

eda-advisor review also accepts the definition or template directly: its findings point at the
states they come from, and say what the definition does not say.

Exit codes: 0 converted; 2 the file is not a state machine, names a state that does not exist, or
could not be read.

Examples:
  $ eda-advisor import step-functions trip.asl.json --output design.yaml
  $ eda-advisor import step-functions template.yaml | eda-advisor review -
  $ eda-advisor review trip.asl.json`,
      )
      .action(async (file: string, opts: CliOptions) => print(await importStepFunctions(file, { ...opts, cwd: process.cwd() }))),
  );
  importCommand.addCommand(
    new Command('bpmn')
      .description('Convert a BPMN 2.0 model (Camunda 7, Camunda 8 / Zeebe, any modeller) into a design, with TODOs where the model is silent.')
      .argument('<file>', 'a BPMN 2.0 XML file (.bpmn)')
      .option('-o, --output <file>', 'write the design to this file (whole or not at all) instead of standard output')
      .option('--force', 'overwrite --output when it exists')
      .addOption(maxFileSizeOption())
      .addHelpText(
        'after',
        `
What becomes what: each service, send, user, script or business-rule task on the path from the
start event → a saga step, its command handled by its lane's service (else its Zeebe job type's
workers); a compensation boundary event and its isForCompensation task → the compensation; an error
boundary event → the step's failure event; an interrupting timer boundary event → its timeout; a
message catch event or receive task after a task, or an event-based gateway → the step's reply,
failures and timeout; an exclusive gateway → the if of the steps on each branch; a parallel
gateway of single tasks → one step of several commands (an event-based gateway whose branches go
on differently, or longer parallel branches → a process manager, a state per task and per wait);
a send task → nothing to undo, to confirm; a multi-instance task → a forEach step
(compensate-completed when it has a compensation); Zeebe retries and Camunda 7
failedJobRetryTimeCycle → retry policies; a message start event → startedBy, a zeebe:subscription
correlationKey → the correlationKey; workflowEngine: camunda. A failure path that throws no
compensation is reported. A DOCTYPE or entity declaration is refused (no entity is expanded or
fetched).

eda-advisor review also accepts the model directly: its findings point at the elements they come
from, and say what the model does not say.

Exit codes: 0 converted; 2 the file is not a BPMN model, refers to an element it does not have, or
could not be read.

Examples:
  $ eda-advisor import bpmn order.bpmn --output design.yaml
  $ eda-advisor review order.bpmn`,
      )
      .action(async (file: string, opts: CliOptions) => print(await importBpmn(file, { ...opts, cwd: process.cwd() }))),
  );
  return importCommand;
}
