import type { FileReview, Level } from '../engine/run.js';
import { readSuppressions } from '../engine/suppressions.js';
import { compareFindings, type Finding, type Ref } from '../findings.js';
import { DIFF_META } from '../generated/diff-meta.js';
import type { Design } from '../model/types.js';
import { locate } from '../parse/locate.js';
import { interpolate } from '../util/interpolate.js';
import { SEVERITY_OF } from './classes.js';
import type { DiffReport } from './define.js';
import { findRenames } from './match.js';
import { DIFF_RULES } from './rules/index.js';

export interface DiffResult {
  /** Each a finding whose `data.class` says what it does to what exists. */
  readonly changes: readonly Finding[];
  /** Changes hidden by an `eda-advisor-ignore diff/<id> -- reason` comment in the new design. */
  readonly suppressed: readonly (Finding & { readonly justification: string })[];
  /** The two designs have no service, command, event or process name in common. */
  readonly unrelated: boolean;
  readonly crashes: readonly { readonly ruleId: string; readonly error: string }[];
}

/**
 * Runs every change rule over two reviewed designs (both parsed and built: the caller checks). Each
 * change is a finding at the new file's line; levels from the configuration or --rule apply
 * (`off`, or a severity in place of the class's), and a suppression comment in the new file hides one.
 */
export function diffDesigns(old: FileReview & { design: Design }, now: FileReview & { design: Design }, levels: ReadonlyMap<string, Level>): DiffResult {
  const renames = findRenames(old.design, now.design);
  const changes: Finding[] = [];
  const crashes: { ruleId: string; error: string }[] = [];
  for (const rule of DIFF_RULES) {
    const level = levels.get(rule.id);
    if (level === 'off') continue;
    const meta = DIFF_META[rule.id];
    if (!meta) throw new Error(`change rule '${rule.id}' has no metadata in rules/${rule.id}.yaml`);
    const reports: DiffReport<string>[] = [];
    try {
      rule.check({ old: old.design, new: now.design, renames, report: (r) => reports.push(r) });
    } catch (err) {
      crashes.push({ ruleId: rule.id, error: err instanceof Error ? err.message : String(err) });
      continue;
    }
    for (const r of reports) {
      const cls = r.class ?? meta.class;
      const template = rule.messages[r.messageId];
      if (template === undefined) throw new Error(`change rule '${rule.id}' reported an unknown messageId '${r.messageId}'`);
      const ref: Ref = r.at.file === now.file ? r.at : { file: now.file, path: r.at.path };
      changes.push({
        ruleId: rule.id,
        messageId: r.messageId,
        severity: level ?? SEVERITY_OF[cls],
        message: interpolate(template, r.data),
        hint: rule.hints?.[r.messageId] === undefined ? meta.fix : interpolate(rule.hints[r.messageId] as string, r.data),
        file: now.file,
        ...locate(now.parsed, ref),
        path: ref.path,
        data: { ...r.data, class: cls },
      });
    }
  }
  // Suppressions of the new file: a comment on or above the line of the change.
  const p = now.parsed;
  const comments = readSuppressions(p.source.text, p.comments, (offset) => p.lines.linePos(offset).line).filter((s) => !s.problem);
  const suppressed: (Finding & { justification: string })[] = [];
  const kept = changes.filter((c) => {
    const s = comments.find((x) => x.targetLine === c.line && x.ruleIds.includes(c.ruleId));
    if (s) suppressed.push({ ...c, justification: s.reason });
    return !s;
  });
  const shared = (a: Design, b: Design) =>
    [...a.services.keys()].some((k) => b.services.has(k)) ||
    [...a.commands.keys()].some((k) => b.commands.has(k)) ||
    [...a.events.keys()].some((k) => b.events.has(k)) ||
    [...a.processes.keys()].some((k) => b.processes.has(k));
  const unrelated = !shared(old.design, now.design) && (old.design.events.size > 0 || old.design.services.size > 0);
  return { changes: kept.sort(compareFindings), suppressed, unrelated, crashes };
}
