import { Command } from 'commander';
import type { GenerateOutcome, GenerateRequest } from '../app/generate.js';
import { maxFileSizeOption, notice, settle } from './options.js';

interface CliOptions {
  output: string;
  module?: string;
  process?: string;
  force?: boolean;
  allowFindings?: boolean;
  config?: string;
  maxFileSize: number;
}

/** What was written, as a person reads it: counts, the module, what was left alone, what to run next. */
function summary(outcome: GenerateOutcome, output: string): string {
  const n = (count: number, one: string) => `${count} ${one}${count === 1 ? '' : 's'}`;
  const lines = [
    `Wrote ${n(outcome.written.length, 'file')} to ${output} (module ${outcome.module.path}${outcome.module.written ? ', go.mod written' : ''}), ${n(outcome.tests, 'test')} from the simulated failures.`,
  ];
  if (outcome.unchanged.length > 0) lines.push(`${n(outcome.unchanged.length, 'file')} unchanged.`);
  if (outcome.kept.length > 0) lines.push(`Kept ${n(outcome.kept.length, 'file')} written once (yours now): ${outcome.kept.join(', ')}.`);
  lines.push(`Next: cd ${output} && go vet ./... && go test ./...`);
  return `${lines.join('\n')}\n`;
}

export function makeGenerateCommand(): Command {
  const generate = new Command('generate').description('Write code from a design.').addHelpText(
    'after',
    `
Examples:
  $ eda-advisor generate go design.yaml -o ./internal --module example.com/shop
  $ eda-advisor generate go --help`,
  );
  generate.addCommand(
    new Command('go')
      .description(
        "Write Go skeletons in the platform's conventions (command.Bus, command.Handler, event.Stream), with one test per failure point the simulation finds.",
      )
      .argument('<file>', 'a design file; - reads one from standard input')
      .requiredOption('-o, --output <dir>', 'the folder the code goes in (created when missing)')
      .option('--module <path>', 'the Go module path for a go.mod written in --output when none is found above it (default: example.com/<design name>)')
      .option('-p, --process <name>', 'only this process (the messages and services are all written)')
      .option('--force', 'overwrite generated files changed since they were written (never the files written once)')
      .option('--allow-findings', 'generate from a design whose review fails')
      .option('-c, --config <file>', 'use this configuration instead of the nearest .eda-advisor.yaml')
      .addOption(maxFileSizeOption())
      .addHelpText(
        'after',
        `
What it writes under --output:
  platform/        command (Command, Handler, Bus, Deduplicator), event (Event, Stream),
                   outbox, clock, retry, and memory: all of them in memory, for tests;
                   saga and statemachine: the runtimes the coordinators are tables for
  <context>/       one package per bounded context (per service without contexts):
    messages.go      a struct per command and event, idempotency and correlation keys marked
    <service>_platform.go   the handlers: idempotency guard, catch-all that publishes the
                     failure event, outbox write or event-sourced append around your logic
    <service>.go     the business logic, a TODO per command: written once, then yours
  config/          the retry policies and dead-letter settings
  processes/<p>/   a saga's step table, a process manager's state table with its timeouts,
                   or a choreography's subscribers; <p>_test.go has one test per failure
                   point of 'eda-advisor simulate', run against the in-memory platform
A go.mod (go 1.19) is written in --output when no go.mod is found above it. Files are written
whole; a generated file you changed is never overwritten without --force (the hashes of what
was written are in --output/.eda-advisor.sum), and a file written once is never written again.

Exit codes: 0 written; 1 the design does not parse, violates the schema or its review fails
(the findings are printed; --allow-findings generates anyway); 2 the run could not be done
(usage, an unreadable design, a generated file changed since).

Examples:
  $ eda-advisor generate go design.yaml -o ./internal
  $ eda-advisor generate go design.yaml -o ./internal --module example.com/shop --process CreateOrderSaga
  $ eda-advisor generate go design.yaml -o ./internal --force`,
      )
      .action(async (file: string, opts: CliOptions) => {
        await settle(async () => {
          const { runGenerateGo } = await import('../app/generate.js');
          const request: GenerateRequest = {
            output: opts.output,
            cwd: process.cwd(),
            maxFileSize: opts.maxFileSize,
            ...(opts.module ? { module: opts.module } : {}),
            ...(opts.process ? { process: opts.process } : {}),
            ...(opts.force ? { force: true } : {}),
            ...(opts.allowFindings ? { allowFindings: true } : {}),
            ...(opts.config ? { config: opts.config } : {}),
          };
          const outcome = runGenerateGo(file, request);
          for (const line of outcome.notices) notice(line);
          return { text: summary(outcome, opts.output), exitCode: outcome.exitCode };
        });
      }),
  );
  return generate;
}
