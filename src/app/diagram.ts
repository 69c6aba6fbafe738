import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError, UsageError } from '../errors.js';
import type { Finding } from '../findings.js';
import { contextMap, flowDiagram, KIND_OF_PATTERN, sequenceDiagram, stateDiagram, type DiagramKind } from '../diagram/mermaid.js';
import { findingsOfProcess } from '../guidance/offline.js';
import type { Design, Process } from '../model/types.js';
import { simulateProcess } from '../sim/simulate.js';
import { loadSoundDesign, processesOf } from './design.js';
import { ExitCode } from './exit.js';
import { writeOrFail } from './files.js';
import { visible } from '../util/visible.js';
import { importEsm } from '../util/host.js';

export interface DiagramOptions {
  readonly process?: string;
  readonly kind?: DiagramKind;
  readonly findings?: boolean;
  readonly format: 'markdown' | 'mermaid' | 'svg';
  readonly output?: string;
  readonly config?: string;
  readonly maxFileSize: number;
  /** How --format svg may start a browser. */
  readonly browser?: BrowserEnvironment;
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
  const { review, design } = loadSoundDesign(file, {
    review: 'full',
    stop: 'can be drawn once',
    maxFileSize: opts.maxFileSize,
    ...(opts.config ? { config: opts.config } : {}),
  });
  const diagrams: Diagram[] = [];
  if (opts.kind === 'context-map') {
    const findings = opts.findings ? review.findings.filter((f) => f.path[0] === 'services') : undefined;
    diagrams.push({ title: `Context map of ${design.name}`, text: contextMap(design, findings) });
  } else {
    const processes = processesOf(design, opts.process, file, '--kind context-map draws its contexts and services.');
    for (const p of processes) {
      const findings = opts.findings ? findingsOfProcess(design, p, review.findings).filter((f) => f.path[0] === 'processes') : undefined;
      diagrams.push({ title: `${p.name} (${p.pattern})`, text: diagramOf(design, p, opts.kind ?? KIND_OF_PATTERN[p.pattern], findings) });
    }
  }
  if (opts.format !== 'markdown' && diagrams.length > 1) {
    throw new UsageError(
      `${file} has ${diagrams.length} processes and a ${opts.format} file holds one diagram: name one with --process, or use --format markdown.`,
    );
  }
  const first = diagrams[0] as Diagram;
  if (opts.format === 'svg') {
    if (!opts.output) throw new UsageError('--format svg writes a file: give --output <file.svg>.');
    await renderSvg(first.text, opts.output, opts.browser ?? { root: false, cwd: '.' });
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

/** How a browser may be started here: as root (the usual CI container) Chromium needs --no-sandbox; a browser the user names is used. */
export interface BrowserEnvironment {
  readonly root: boolean;
  /** PUPPETEER_EXECUTABLE_PATH, when set: the browser to start instead of Puppeteer's own. */
  readonly executablePath?: string;
  /** Where to look for @mermaid-js/mermaid-cli when eda-advisor's own folder has none: the project. */
  readonly cwd: string;
}

/** Puppeteer's launch options for mermaid-cli. */
export function launchOptions(env: BrowserEnvironment): { headless: 'shell'; args: string[]; executablePath?: string } {
  return {
    headless: 'shell',
    // Chromium refuses to run as root with its sandbox on; a container's root has no user namespace for it.
    args: env.root ? ['--no-sandbox', '--disable-setuid-sandbox'] : [],
    ...(env.executablePath ? { executablePath: env.executablePath } : {}),
  };
}

/** Puppeteer's words for a browser that is missing or cannot start: the machine's problem, not a bug. */
const BROWSER_FAILED =
  /Failed to launch the browser|Could not find (?:Chrome|Chromium|browser|expected browser)|Browser was not found|No usable sandbox|without --no-sandbox|spawn .* ENOENT|executablePath/i;

/** What to tell the user when rendering failed: a browser that cannot start is an environment problem with its fix. */
export function renderFailure(err: unknown): InputError {
  const line =
    (err instanceof Error ? err.message : String(err))
      .split('\n')
      .find((l) => l.trim() !== '')
      ?.trim() ?? 'unknown error';
  // Its first sentence: "Could not find Chrome (ver. 131.0.6778.204)."
  const first = line.split(/(?<=[.!])\s+(?=[A-Z])/)[0]?.replace(/\.$/, '') ?? line;
  if (BROWSER_FAILED.test(first)) {
    return new InputError(
      '--format svg',
      `needs a browser, and none could start (${first}). Install one and point Puppeteer at it (apt-get install chromium; PUPPETEER_EXECUTABLE_PATH=/usr/bin/chromium), or let Puppeteer fetch its own (npx puppeteer browsers install chrome-headless-shell). Without a browser, --format mermaid prints the diagram for any Mermaid renderer.`,
    );
  }
  return new InputError('--format svg', `@mermaid-js/mermaid-cli could not render the diagram (${first}); --format mermaid prints it for another renderer.`);
}

type MermaidCli = { run: (input: string, output: string, opts?: object) => Promise<void> };

const MERMAID_CLI = '@mermaid-js/mermaid-cli';

/** @mermaid-js/mermaid-cli: beside eda-advisor, else in the project (the nearest node_modules above the working folder). */
async function loadMermaidCli(cwd: string): Promise<MermaidCli | undefined> {
  try {
    return (await importEsm(MERMAID_CLI)) as MermaidCli;
  } catch {
    // not beside eda-advisor (npx, a global install): the project's own
  }
  for (let d = path.resolve(cwd); ; d = path.dirname(d)) {
    const dir = path.join(d, 'node_modules', ...MERMAID_CLI.split('/'));
    if (existsSync(path.join(dir, 'package.json'))) {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        exports?: { '.'?: { default?: string; import?: string } };
        main?: string;
      };
      const entry = pkg.exports?.['.']?.import ?? pkg.exports?.['.']?.default ?? pkg.main ?? 'index.js';
      return (await importEsm(pathToFileURL(path.join(dir, entry)).href)) as MermaidCli;
    }
    if (path.dirname(d) === d) return undefined;
  }
}

/** SVG through @mermaid-js/mermaid-cli when the project has it; eda-advisor does not ship a browser. */
async function renderSvg(text: string, output: string, env: BrowserEnvironment): Promise<void> {
  const cli = await loadMermaidCli(env.cwd);
  if (!cli) {
    throw new UsageError(
      `--format svg renders with ${MERMAID_CLI}, which is not installed (npm install --save-dev ${MERMAID_CLI}; it downloads a browser). Without it, --format mermaid prints the diagram for any Mermaid renderer.`,
    );
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'eda-advisor-mmd-'));
  try {
    const input = path.join(dir, 'diagram.mmd');
    writeFileSync(input, text);
    // Rendered beside the input, then written whole to --output (never half an SVG).
    const svg = path.join(dir, 'diagram.svg');
    try {
      await cli.run(input, svg, { puppeteerConfig: launchOptions(env), quiet: true });
    } catch (err) {
      throw renderFailure(err);
    }
    writeOrFail(output, readFileSync(svg, 'utf8'), {});
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
