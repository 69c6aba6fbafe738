import { UsageError } from '../errors.js';
import type { Finding } from '../findings.js';
import { contextMap, flowDiagram, KIND_OF_PATTERN, sequenceDiagram, stateDiagram, type DiagramKind } from '../diagram/mermaid.js';
import { findingsOfProcess } from '../guidance/offline.js';
import { selectProcesses } from '../model/select.js';
import type { Design, Process } from '../model/types.js';
import { simulateProcess } from '../sim/simulate.js';
import { loadSoundDesign } from './design.js';
import { ExitCode } from './exit.js';
import { writeOrFail } from './files.js';
import { visible } from '../util/visible.js';

export interface DiagramOptions {
  readonly process?: string;
  readonly kind?: DiagramKind;
  readonly findings?: boolean;
  readonly format: 'markdown' | 'mermaid' | 'svg';
  readonly output?: string;
  readonly config?: string;
  readonly maxFileSize: number;
}

export interface DiagramOutcome {
  /** For standard output; undefined when it went to --output. */
  readonly text?: string;
  readonly exitCode: number;
}

interface Diagram {
  readonly title: string;
  readonly text: string;
}

function diagramOf(design: Design, p: Process, kind: DiagramKind, findings: readonly Finding[] | undefined): string {
  const wanted = KIND_OF_PATTERN[p.pattern];
  if (kind !== wanted) {
    throw new UsageError(`a ${kind} diagram does not fit '${p.name}', a ${p.pattern}: use --kind ${wanted} (or context-map for the whole design).`);
  }
  if (kind === 'sequence') return sequenceDiagram(design, p, simulateProcess(design, p), findings);
  if (kind === 'state') return stateDiagram(design, p, findings);
  return flowDiagram(design, p, findings);
}

/** The Mermaid diagrams of a design: one per process (or the one named), or its context map. */
export async function runDiagram(file: string, opts: DiagramOptions): Promise<DiagramOutcome> {
  const { review, design } = loadSoundDesign(file, { review: 'full', stop: 'can be drawn once', maxFileSize: opts.maxFileSize, ...(opts.config ? { config: opts.config } : {}) });
  const diagrams: Diagram[] = [];
  if (opts.kind === 'context-map') {
    const findings = opts.findings ? review.findings.filter((f) => f.path[0] === 'services') : undefined;
    diagrams.push({ title: `Context map of ${design.name}`, text: contextMap(design, findings) });
  } else {
    const processes = selectProcesses(design, opts.process, file, '--kind context-map draws its contexts and services.');
    for (const p of processes) {
      const findings = opts.findings ? findingsOfProcess(design, p, review.findings).filter((f) => f.path[0] === 'processes') : undefined;
      diagrams.push({ title: `${p.name} (${p.pattern})`, text: diagramOf(design, p, opts.kind ?? KIND_OF_PATTERN[p.pattern], findings) });
    }
  }
  if (opts.format !== 'markdown' && diagrams.length > 1) {
    throw new UsageError(`${file} has ${diagrams.length} processes and a ${opts.format} file holds one diagram: name one with --process, or use --format markdown.`);
  }
  const first = diagrams[0] as Diagram;
  if (opts.format === 'svg') {
    if (!opts.output) throw new UsageError('--format svg writes a file: give --output <file.svg>.');
    await renderSvg(first.text, opts.output);
    return { exitCode: ExitCode.ok };
  }
  const raw = opts.format === 'mermaid' ? first.text : `${diagrams.map((d) => `## ${d.title}\n\n\`\`\`mermaid\n${d.text}\`\`\`\n`).join('\n')}`;
  // Names come from the design: no control character reaches the reader's terminal.
  const text = raw.split('\n').map(visible).join('\n');
  if (opts.output) {
    writeOrFail(opts.output, text, { inputs: [file] });
    return { exitCode: ExitCode.ok };
  }
  return { text, exitCode: ExitCode.ok };
}

/** SVG through @mermaid-js/mermaid-cli when the project has it; eda-advisor does not ship a browser. */
async function renderSvg(text: string, output: string): Promise<void> {
  const name = '@mermaid-js/mermaid-cli';
  let cli: { run: (input: string, output: string) => Promise<void> };
  try {
    cli = (await import(name)) as typeof cli;
  } catch {
    throw new UsageError(`--format svg renders with ${name}, which is not installed (npm install --save-dev ${name}; it downloads a browser). Without it, --format mermaid prints the diagram for any Mermaid renderer.`);
  }
  const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const dir = mkdtempSync(path.join(tmpdir(), 'eda-advisor-mmd-'));
  try {
    const input = path.join(dir, 'diagram.mmd');
    writeFileSync(input, text);
    await cli.run(input, path.resolve(output) as `${string}.svg`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
