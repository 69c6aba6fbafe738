/**
 * What a file is, from its first bytes, for `review`: a design, or a source an importer reads. Kept
 * apart from the importers so that recognising one loads none of them.
 */
export type ImportKind = 'step-functions' | 'bpmn';

const DESIGN = /^\uFEFF?\s*["']?version["']?\s*:/m;

/** A state machine definition (StartAt and States), or a CloudFormation / SAM template holding one. */
export function looksLikeStepFunctions(head: string): boolean {
  if (DESIGN.test(head)) return false;
  if (/AWS::(?:StepFunctions|Serverless)::StateMachine/.test(head)) return true;
  return /["']?StartAt["']?\s*:/.test(head) && /["']?States["']?\s*:/.test(head);
}

/** A BPMN 2.0 model: XML whose root is BPMN's `definitions`. */
export function looksLikeBpmn(head: string): boolean {
  return /^\uFEFF?\s*</.test(head) && /<(?:[\w-]+:)?definitions\b[^>]*http:\/\/www\.omg\.org\/spec\/BPMN\/20100524\/MODEL/.test(head);
}

export function importKindOf(head: string): ImportKind | undefined {
  return looksLikeBpmn(head) ? 'bpmn' : looksLikeStepFunctions(head) ? 'step-functions' : undefined;
}
