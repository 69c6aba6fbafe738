import { reviewSource, type FileReview, type ReviewOptions } from '../engine/run.js';
import { ref, type Finding, type Path } from '../findings.js';
import type { Source } from '../parse/load.js';
import { locate, nodeAt } from '../parse/locate.js';
import { parsedFromValue, parseYaml, type ParsedFile } from '../parse/yaml.js';
import type { ConvertResult, Converted } from './convert.js';

/** Whether a file is an AsyncAPI document: an `asyncapi:` key at the top of its YAML or JSON. */
export function isAsyncApi(text: string): boolean {
  return /^\uFEFF?\s*(?:\{\s*)?["']?asyncapi["']?\s*:/m.test(text.slice(0, 4096));
}

/** The nearest part of the AsyncAPI document the design path came from, and that exists in it. */
function originOf(converted: Converted, parsed: ParsedFile, path: Path): Path {
  for (let n = path.length; n >= 0; n--) {
    const from = converted.origins.get(JSON.stringify(path.slice(0, n)));
    if (from && nodeAt(parsed, from) !== undefined) return from;
  }
  return nodeAt(parsed, ['info']) !== undefined ? ['info'] : [];
}

/**
 * Reviews an AsyncAPI document as the design it converts to, in memory; every finding is moved to
 * the line of the AsyncAPI file it comes from (the message, the operation, the server), so that it
 * points where the team would change something. A document that is not valid AsyncAPI gives its
 * problems as `schema` findings.
 */
export function reviewAsyncApi(source: Source, result: ConvertResult, options: ReviewOptions): FileReview {
  // The document as the conversion read it: one read of the file.
  const parsed = result.parsed ?? parseYaml(source);
  const at = (path: Path) => locate(parsed, ref(source.file, path));
  if (!result.ok) {
    const findings: Finding[] = result.problems.map((p) => {
      const line = p.line + 1;
      const column = p.character + 1;
      const existing = nodeAt(parsed, p.path) !== undefined ? p.path : [];
      return {
        ruleId: 'schema',
        messageId: 'asyncapi',
        severity: 'error',
        message: `Not valid AsyncAPI: ${p.message} (${p.code}).`,
        file: source.file,
        path: existing,
        line,
        column,
        endLine: line,
        endColumn: column + 1,
      };
    });
    return { file: source.file, parsed, findings, suppressed: 0, suppressedFindings: [], crashes: [], sources: [source.file] };
  }
  const converted = result.converted;
  // The design's value as JSON (which is YAML): its own positions are not used, every finding moves to the AsyncAPI file.
  const review = reviewSource({ file: source.file, text: JSON.stringify(converted.value) }, options, parsedFromValue);
  const findings = review.findings.map((f): Finding => {
    const from = originOf(converted, parsed, f.path);
    const pos = at(from);
    return { ...f, ...pos, path: from };
  });
  // A JSON text holds no comments: nothing of the conversion is suppressed.
  return { ...review, parsed, findings, suppressedFindings: [], sources: [source.file] };
}
