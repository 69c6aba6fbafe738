import type { Design, Process } from '../../model/types.js';
import { GO_RUNTIME } from '../../generated/go-runtime.js';
import { layoutOf } from './layout.js';
import { choreographyFiles } from './choreography.js';
import { processManagerFiles } from './process-manager.js';
import { sagaFiles } from './saga.js';
import { configFile, contextFiles } from './services.js';
import { generatedHeader, type GoFile } from './writer.js';

export type { GoFile } from './writer.js';

export interface GoRequest {
  /** The import path of the output directory (`example.com/shop/internal`). */
  readonly importPrefix: string;
  /** The design file as the headers name it (relative to the output, with forward slashes). */
  readonly source: string;
  /** The processes to generate coordinators for (default: all). */
  readonly processes?: readonly Process[];
}

/**
 * The Go code of a design, as files: the platform's interfaces and in-memory implementations, a
 * package per bounded context (its messages, each service's plumbing and business logic), the
 * configuration, and a package per process with its coordinator (or reactions) and the tests of its
 * simulated failures. Deterministic: the same design gives the same bytes.
 */
export function generateGo(design: Design, request: GoRequest): GoFile[] {
  const layout = layoutOf(design, request.importPrefix);
  const files: GoFile[] = [];
  for (const [name, text] of Object.entries(GO_RUNTIME)) {
    files.push({
      path: `platform/${name}/${name}.go`,
      text: `${generatedHeader('the eda-advisor platform')}\n\n${text.replaceAll('"MODULE/', `"${request.importPrefix}/`)}`,
      once: false,
    });
  }
  const processes = request.processes ?? [...design.processes.values()];
  for (const p of processes) {
    if (p.pattern === 'saga') files.push(...sagaFiles(design, layout, p, request.source));
    else if (p.pattern === 'process-manager') files.push(...processManagerFiles(design, layout, p, request.source));
    else files.push(...choreographyFiles(design, layout, p, request.source));
  }
  // The packages of the messages the processes use exist once layout has seen them all.
  for (const pkg of [...layout.packages.values()]) files.push(...contextFiles(design, layout, pkg, request.source));
  files.push(configFile(design, layout, request.source));
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
