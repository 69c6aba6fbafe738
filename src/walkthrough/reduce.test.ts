import { beforeAll, describe, expect, it } from 'vitest';
import type { Guidance } from '../guidance/types.js';
import { ROOT } from '../testing/cli.js';
import { loadWalkthrough } from '../app/walkthrough.js';
import type { WalkthroughData } from './data.js';
import { decodeKeys } from './keys.js';
import { PANES } from './panes/index.js';
import { contentOf, reduce } from './reduce.js';
import { frameOf, initialState, viewOf, type Action, type KeyPress, type State } from './state.js';

/**
 * The walkthrough's state machine on its own: sequences of keys as the reducer receives them, with
 * no terminal, no React and no timing. Keys typed at any pace reach the reducer in order, each
 * against the state the one before left, so what these sequences end in is what a user sees.
 */
const DOWN: KeyPress = { downArrow: true };
const UP: KeyPress = { upArrow: true };
const key = (k: KeyPress, input = ''): Action => ({ type: 'key', input, key: k });
const typed = (text: string): Action[] => decodeKeys(text).map((k) => ({ type: 'key', ...k }));
const TAB = key({ tab: true });
const ENTER = key({ return: true });
const ESC = key({ escape: true });

let data: WalkthroughData;
beforeAll(() => {
  process.chdir(ROOT);
  data = loadWalkthrough('fixtures/designs/flawed-order-saga.yaml', { maxFileSize: 10 * 1024 * 1024 });
});

const start = (llmAvailable = false) => initialState(data, { panes: PANES.length, size: { columns: 80, rows: 24 }, llmAvailable });
const run = (state: State, ...actions: Action[]) => actions.reduce(reduce, state);

describe('the walkthrough reducer', () => {
  it('50 ↓ in a row land on the last row, 50 ↑ on the first, wherever the list is', () => {
    const list = run(start(), TAB);
    const rows = contentOf(list).rows.length;
    expect(rows).toBeGreaterThan(10);
    const down = run(list, ...Array.from({ length: 50 }, () => key(DOWN)));
    expect(frameOf(down).cursor).toBe(rows - 1);
    const three = run(list, key(DOWN), key(DOWN), key(DOWN));
    expect(frameOf(three).cursor).toBe(3);
    expect(frameOf(run(down, ...Array.from({ length: 50 }, () => key(UP))))).toMatchObject({ cursor: 0 });
  });

  it('↓ ↓ Enter opens the third item, and Enter there the first finding behind it', () => {
    const item = run(start(), TAB, key(DOWN), key(DOWN), ENTER);
    const screen = frameOf(item).screen;
    expect(screen.kind === 'item' && screen.item.item.title).toBe('Compensation actions defined for all critical steps');
    const finding = frameOf(run(item, ENTER)).screen;
    expect(finding.kind === 'finding' && `${finding.finding.ruleId} ${finding.finding.line}`).toBe('missing-compensation 57');
  });

  it('a filter typed at once keeps every character; Enter keeps it, Esc clears it', () => {
    const filtered = run(start(), TAB, key({}, '/'), ...typed('outbox'));
    expect(filtered.filter).toEqual({ typing: true, text: 'outbox' });
    expect(contentOf(filtered).rows.map((r) => r.text)).toEqual([expect.stringContaining('Outbox pattern implemented for atomic operations (2)')]);
    const kept = run(filtered, ENTER);
    expect(kept.filter).toEqual({ typing: false, text: 'outbox' });
    expect(run(kept, ESC).filter).toEqual({ typing: false, text: '' });
  });

  it('a reason typed at once is written whole: the effect carries every character', () => {
    const reason = 'nightly-job-releases-stock';
    const typing = run(start(), TAB, key(DOWN), key(DOWN), ENTER, ENTER, key({}, 's'), ...typed(reason));
    expect(typing.reason?.text).toBe(reason);
    const confirmed = run(typing, ENTER);
    expect(confirmed.effects).toEqual([
      expect.objectContaining({ kind: 'suppress', reason, finding: expect.objectContaining({ ruleId: 'missing-compensation' }) }),
    ]);
    // Backspace takes one character; Esc gives up.
    expect(run(typing, key({ backspace: true })).reason?.text).toBe(reason.slice(0, -1));
    expect(run(typing, ESC)).toMatchObject({ status: 'Not suppressed.' });
    expect(run(typing, ESC).reason).toBeUndefined();
  });

  it('a suppression that took: the new review, the status, back to the list; one that failed says why', () => {
    const typing = run(start(), TAB, key(DOWN), key(DOWN), ENTER, ENTER, key({}, 's'), ...typed('x'));
    const finding = typing.reason?.finding;
    if (!finding) throw new Error('no reason typed');
    const done = run(typing, ENTER, { type: 'suppressed', data, finding });
    expect(done.reason).toBeUndefined();
    expect(done.status).toBe('Suppressed missing-compensation at line 57: the comment is in fixtures/designs/flawed-order-saga.yaml.');
    expect(frameOf(done).screen.kind).toBe('item');
    const failed = run(typing, ENTER, { type: 'suppress-failed', message: 'a suppression needs a reason' });
    expect(failed.reason?.text).toBe('x');
    expect(failed.status).toBe('a suppression needs a reason');
  });

  it('Tab and Shift-Tab go round the panes, each keeping where it was', () => {
    const moved = run(start(), TAB, key(DOWN), key(DOWN));
    expect(run(moved, key({ tab: true, shift: true })).pane).toBe(0);
    expect(run(start(), key({ tab: true, shift: true })).pane).toBe(PANES.length - 1);
    const back = run(moved, TAB, TAB, TAB, TAB, TAB);
    expect(back.pane).toBe(1);
    expect(frameOf(back).cursor).toBe(2);
  });

  it('Advisor: the answers move and change, r resets to the design', () => {
    const advisor = run(start(), TAB, TAB, TAB);
    const view = viewOf(advisor);
    if (!view) throw new Error('no process');
    const changed = run(advisor, key({ rightArrow: true }), key({ rightArrow: true }), key({ rightArrow: true }), key(DOWN), key({}, ' '));
    expect(changed.advisor[view.name]).toMatchObject({ decisionPoints: 3, needsState: !view.answers.needsState, cursor: 1 });
    expect(run(changed, key({}, 'r')).advisor).toEqual({});
    // Esc does nothing on Advisor's root: there is nothing to go back to.
    expect(run(changed, ESC)).toBe(changed);
  });

  it('a trace steps forward to its verdict and back, within its steps', () => {
    const trace = run(start(), TAB, TAB, ENTER, key(DOWN), ENTER);
    const screen = frameOf(trace).screen;
    if (screen.kind !== 'trace') throw new Error('not a trace');
    const total = data.processes[screen.process]?.simulation.traces[screen.trace]?.steps.length ?? 0;
    const end = run(trace, ...Array.from({ length: total + 5 }, () => ENTER));
    expect(frameOf(end).shown).toBe(total + 1);
    expect(contentOf(end).lines.map((l) => l.text)).toContain("Verdict: step 'reserve-stock' completed and nothing undoes ReserveStock");
    expect(frameOf(run(end, ...Array.from({ length: total + 5 }, () => key({ leftArrow: true })))).shown).toBe(1);
  });

  it('l without a key says what it needs; with one it asks once, Esc cancels, the answer replaces the offline text', () => {
    const guidance = run(start(), TAB, TAB, TAB, TAB);
    expect(run(guidance, key({}, 'l')).status).toContain('needs ANTHROPIC_API_KEY');
    const asking = run(start(true), TAB, TAB, TAB, TAB, key({}, 'l'), key({}, 'l'));
    expect(asking.llm).toEqual({ process: 'PlaceOrder', state: 'running' });
    expect(asking.effects.map((e) => e.kind)).toEqual(['ask']);
    expect(run(asking, ESC).effects.map((e) => e.kind)).toEqual(['ask', 'cancel']);
    const cancelled = run(asking, ESC, { type: 'llm-failed', cancelled: true, message: 'aborted' });
    expect(cancelled.llm).toBeUndefined();
    expect(cancelled.status).toBe('Cancelled; the guidance shown is written offline.');
    const g: Guidance = {
      scenarioSummary: 'From Claude.',
      recommendedPattern: { pattern: 'saga', fitsDeclared: true, reasons: ['r'] },
      implementationApproach: [],
      keyComponents: [],
      errorHandlingStrategy: [],
      integrationPoints: [],
    };
    const answered = run(asking, { type: 'llm-answered', process: 'PlaceOrder', guidance: g, model: 'claude-test' });
    expect(answered.status).toBe('Guidance by claude-test.');
    expect(contentOf(answered).lines.map((l) => l.text)).toContain('From Claude.');
  });

  it('q queues one quit, and nothing after it does anything', () => {
    const quit = run(start(), key({}, 'q'));
    expect(quit.effects.map((e) => e.kind)).toEqual(['quit']);
    expect(run(quit, TAB, key({}, 'q'))).toBe(quit);
  });

  it('? shows the keys until ?, Esc, q or Enter', () => {
    const help = run(start(), key({}, '?'));
    expect(help.help).toBe(true);
    expect(run(help, TAB)).toBe(help);
    for (const k of [ESC, ENTER, key({}, 'q'), key({}, '?')]) expect(run(help, k).help).toBe(false);
  });

  it('the effects the container ran leave the queue', () => {
    const queued = run(start(true), TAB, TAB, TAB, TAB, key({}, 'l'), ESC);
    expect(run(queued, { type: 'ran', upTo: 1 }).effects.map((e) => e.kind)).toEqual(['cancel']);
    expect(run(queued, { type: 'ran', upTo: 2 }).effects).toEqual([]);
  });
});

describe('decodeKeys', () => {
  it('one event per key, whatever arrives in one piece', () => {
    const names = (raw: string) => decodeKeys(raw).map((k) => k.input || Object.keys(k.key).join('+'));
    expect(names('\r\r')).toEqual(['return', 'return']);
    expect(names('jj')).toEqual(['j', 'j']);
    expect(names('a\u007fb\t')).toEqual(['a', 'backspace', 'b', 'tab']);
    expect(names('名前😀')).toEqual(['名', '前', '😀']);
    // Escape sequences, with or without modifiers; an ESC that starts none is an Esc.
    expect(names('\u001b[B\u001b[B\u001b[A\u001bOC\u001b[1;2D')).toEqual(['downArrow', 'downArrow', 'upArrow', 'rightArrow', 'leftArrow']);
    expect(names('\u001b[5~\u001b[6~\u001b[Z\u001b[3~')).toEqual(['pageUp', 'pageDown', 'tab+shift', 'delete']);
    expect(names('\u001b\u001b')).toEqual(['escape', 'escape']);
    expect(names('\u001b\t')).toEqual(['escape', 'tab']);
    expect(names('\u001bq')).toEqual(['escape', 'q']);
    expect(names('\u001b\u001b[B')).toEqual(['escape', 'downArrow']);
    // Control characters the walkthrough does not read are dropped (Ctrl-C is Ink's own).
    expect(names('\u0001x')).toEqual(['x']);
  });
});
