import { relationsOf } from '../../model/graph.js';
import { defineDiffRule } from '../define.js';
import { at } from './common.js';

/** A command the design still sends that lost the compensation it had. */
export default defineDiffRule({
  id: 'diff/compensation-removed',
  messages: {
    removed: 'Command {{command}} had the compensation {{undo}} and has none now, while {{processes}} still sends it.',
    none: 'Command {{command}} had the compensation {{undo}} and is declared none now (no undo), while {{processes}} still sends it.',
  },
  check({ old, new: now, report }) {
    const sentBy = (command: string) =>
      [...relationsOf(now).sends]
        .filter(([, sends]) => sends.some((s) => s.command === command && !s.isCompensation))
        .map(([p]) => p)
        .sort();
    for (const [command, c] of old.compensations) {
      if (now.compensations.has(command) || !now.commands.has(command)) continue;
      const processes = sentBy(command);
      if (processes.length === 0) continue;
      const undo = c.command?.name ?? c.event?.name ?? 'its undo';
      const none = now.noUndo.get(command);
      // Where the command is still sent: the owner of what was removed.
      const send = relationsOf(now)
        .sends.get(processes[0] as string)
        ?.find((s) => s.command === command);
      report({
        messageId: none ? 'none' : 'removed',
        at: none ?? send?.ref ?? at(now, ['compensations'], undefined),
        data: { command, undo, processes: processes.join(', ') },
      });
    }
    // A step's own compensation.
    for (const [name, p] of old.processes) {
      const q = now.processes.get(name);
      if (!q) continue;
      for (const s of p.steps) {
        const t = q.steps.find((x) => x.name === s.name);
        const undo = s.ownCompensation?.command?.name ?? s.ownCompensation?.event?.name;
        if (!t || undo === undefined || t.ownCompensation || t.coveredBy) continue;
        const command = t.commands.map((x) => x.name).join(', ');
        if (t.commands.some((x) => now.compensations.has(x.name))) continue;
        report({ messageId: t.noCompensation ? 'none' : 'removed', at: t.noCompensation ?? t.ref, data: { command, undo, processes: name } });
      }
    }
  },
});
