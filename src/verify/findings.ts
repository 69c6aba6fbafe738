import type { FileReview } from '../engine/run.js';
import type { Finding } from '../findings.js';
import { locate } from '../parse/locate.js';
import { DEFAULT_SEARCH, verifyProcess } from './explore.js';
import { PROPERTIES } from './terms.js';

/**
 * `review --verify`: each process's shortest failing run as a finding, at the node where the fix
 * belongs (verify's default bounds and faults). A design that does not parse or follow the schema is
 * not verified: its findings say why.
 */
export function verifyFindings(review: FileReview): Finding[] {
  const design = review.design;
  if (!design || review.findings.some((f) => f.ruleId === 'yaml-syntax' || f.ruleId === 'schema')) return [];
  const out: Finding[] = [];
  for (const process of design.processes.values()) {
    const ce = verifyProcess(design, process, DEFAULT_SEARCH).counterexample;
    if (!ce) continue;
    const at = ce.ref.file === review.parsed.source.file ? locate(review.parsed, ce.ref) : locate(review.parsed, process.ref);
    const faults = [...new Set(ce.steps.flatMap((s) => (s.fault ? [s.fault] : [])))];
    out.push({
      ruleId: `verify/${ce.property}`,
      messageId: ce.property,
      severity: ce.severity,
      message: `${ce.message} (a run of ${ce.steps.length} steps${faults.length > 0 ? ` with ${faults.join(' and ')}` : ''}: eda-advisor verify --process ${process.name} shows it).`,
      hint: PROPERTIES[ce.property].fix,
      file: review.file,
      ...at,
      path: ce.ref.path,
      data: { process: process.name, steps: ce.steps.length },
    });
  }
  return out;
}
