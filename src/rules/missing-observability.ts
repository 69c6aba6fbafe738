import { defineRule } from '../engine/define-rule.js';

/** A distributed flow nobody can follow across services cannot be debugged when it stalls. */
export default defineRule({
  id: 'missing-observability',
  messages: {
    noCorrelation: "Process '{{process}}' has neither a correlationKey nor correlation: header: its messages cannot be tied to one run of it.",
    nothingDeclared: 'The design says nothing of observability while it has {{processes}}: no correlation ids, no tracing.',
    noCorrelationIds: 'Correlation and causation ids do not travel with messages (observability.correlation is not true).',
    noTracing: 'Distributed tracing is {{tracing}}: a process that spans services cannot be followed end to end.',
  },
  hints: {
    noCorrelation: 'Declare correlationKey: <a field every message of the process carries>, or correlation: header.',
    nothingDeclared: 'Declare infrastructure.observability: { correlation: true, tracing: opentelemetry, metrics: true }.',
    noCorrelationIds: 'Set observability.correlation: true.',
    noTracing: 'Set observability.tracing: opentelemetry (or other).',
  },
  check({ design, report }) {
    if (design.processes.size === 0) return;
    for (const p of design.processes.values()) {
      if (!p.correlationKey && !p.correlationHeader) report({ messageId: 'noCorrelation', at: p.ref, data: { process: p.name } });
    }
    const o = design.infrastructure.observability;
    if (!o) {
      const n = design.processes.size;
      const at = design.infrastructure.declared ? design.infrastructure.ref : { file: design.file, path: [] };
      report({ messageId: 'nothingDeclared', at, data: { processes: `${n} ${n === 1 ? 'process' : 'processes'}` } });
      return;
    }
    if (o.correlation !== true)
      report({ messageId: 'noCorrelationIds', at: o.correlation === undefined ? o.ref : { ...o.ref, path: [...o.ref.path, 'correlation'] } });
    if (o.tracing === undefined || o.tracing === 'none') {
      report({
        messageId: 'noTracing',
        at: o.tracing === undefined ? o.ref : { ...o.ref, path: [...o.ref.path, 'tracing'] },
        data: { tracing: o.tracing === undefined ? 'not declared' : 'none' },
      });
    }
  },
});
