// bpmn-moddle ships types for the BPMN model's elements, not for its entry point: what this importer calls.
declare module 'bpmn-moddle' {
  export class BpmnModdle {
    fromXML(xml: string): Promise<{ rootElement: unknown; warnings: unknown[] }>;
  }
}
