import { Command, Option } from 'commander';
import type { DiagramOptions } from '../app/diagram.js';
import { maxFileSizeOption, settle } from './options.js';

export function makeDiagramCommand(): Command {
  return new Command('diagram')
    .description(
      'Draw a design in Mermaid: a sequence diagram per saga with its compensation paths, a state diagram per process manager, a flowchart per choreography, or the context map.',
    )
    .argument('<file>', 'a design file; - reads one from standard input')
    .option('-p, --process <name>', 'only this process')
    .addOption(new Option('-k, --kind <kind>', 'the diagram (default: the one that fits each process)').choices(['sequence', 'state', 'flow', 'context-map']))
    .option('--findings', "overlay the review's findings as notes on the nodes they concern")
    .addOption(
      new Option(
        '-f, --format <name>',
        'markdown: fenced mermaid blocks, one per diagram; mermaid: one diagram; svg: rendered by @mermaid-js/mermaid-cli when installed',
      )
        .choices(['markdown', 'mermaid', 'svg'])
        .default('markdown'),
    )
    .option('-o, --output <file>', 'write to this file (whole or not at all) instead of standard output')
    .option('-c, --config <file>', 'use this configuration instead of the nearest .eda-advisor.yaml (for --findings)')
    .addOption(maxFileSizeOption())
    .addHelpText(
      'after',
      `
A saga's sequence diagram shows each step's command and reply; after each step that can fail for
good, an alt block holds the failure, the compensations the simulation runs (in order, or in a par
block when they run at once) and the outcome. A process manager's state diagram has its transitions
by event (with guards and actions), timeouts and terminal states; a choreography's flowchart has
events leading to reactions leading to events; the context map has the contexts, their services
and the events between services of different contexts (internal ones dashed).

Exit codes: 0 drawn; 1 the design does not parse or violates the schema (its findings are printed);
2 usage, or the design cannot be read.

Examples:
  $ eda-advisor diagram design.yaml > diagrams.md
  $ eda-advisor diagram design.yaml --process CreateOrderSaga --format mermaid --findings
  $ eda-advisor diagram design.yaml --kind context-map`,
    )
    .action(async (file: string, opts: Omit<DiagramOptions, 'browser'>) => {
      const { runDiagram } = await import('../app/diagram.js');
      const executablePath = process.env.PUPPETEER_EXECUTABLE_PATH;
      const browser = { root: process.getuid?.() === 0, cwd: process.cwd(), ...(executablePath ? { executablePath } : {}) };
      await settle(() => runDiagram(file, { ...opts, browser }));
    });
}
