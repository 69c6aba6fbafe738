import { Command } from 'commander';
import { importAsyncApi, importStepFunctions } from '../app/import.js';
import { maxFileSizeOption, notice } from './options.js';

interface CliOptions {
  output?: string;
  force?: boolean;
  maxFileSize: number;
}

export function makeImportCommand(): Command {
  const importCommand = new Command('import').description('Convert a description from another format into a design.').addHelpText(
    'after',
    `
Examples:
  $ eda-advisor import asyncapi asyncapi.yaml --output design.yaml
  $ eda-advisor import step-functions trip.asl.json --output design.yaml
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
      .action(async (file: string, opts: CliOptions) => {
        const outcome = await importAsyncApi(file, { ...opts, cwd: process.cwd() });
        for (const line of outcome.problems) process.stderr.write(`${line}\n`);
        for (const line of outcome.notices) notice(line);
        if (outcome.text !== undefined) process.stdout.write(outcome.text);
        process.exitCode = outcome.exitCode;
      }),
  );
  importCommand.addCommand(
    new Command('step-functions')
      .description(
        'Convert an AWS Step Functions state machine (Amazon States Language, or a CloudFormation / SAM template holding one) into a saga, with TODOs where the definition is silent.',
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
MaxDelaySeconds, JitterStrategy); a Catch → the step's failure event, and the Tasks its chain runs
before the Fail → the compensations of what completed (matched by name: CancelHotel undoes
ReserveHotel); TimeoutSeconds → timeouts; Succeed and Fail → the outcomes;
workflowEngine: step-functions. Choice, Map and Parallel are not converted yet (a NOTE says so).

Exit codes: 0 converted; 2 the file is not a state machine, names a state that does not exist, or
could not be read.

Examples:
  $ eda-advisor import step-functions trip.asl.json --output design.yaml
  $ eda-advisor import step-functions template.yaml | eda-advisor review -`,
      )
      .action(async (file: string, opts: CliOptions) => {
        const outcome = await importStepFunctions(file, { ...opts, cwd: process.cwd() });
        for (const line of outcome.problems) process.stderr.write(`${line}\n`);
        for (const line of outcome.notices) notice(line);
        if (outcome.text !== undefined) process.stdout.write(outcome.text);
        process.exitCode = outcome.exitCode;
      }),
  );
  return importCommand;
}
