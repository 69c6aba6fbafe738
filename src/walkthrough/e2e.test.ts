import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../testing/cli.js';

/**
 * The built CLI in a real pseudo-terminal: tmux (installed by .ci/run when absent) runs the
 * walkthrough at 80×24; the test types keys with send-keys and reads the screen with capture-pane.
 */
const SOCKET = `eda-advisor-test-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
const screen = (session = 'walk') => tmux('capture-pane', '-p', '-t', session);
const logs = mkdtempSync(path.join(tmpdir(), 'eda-walk-out-'));
const logOf = (session: string) => path.join(logs, `${session}.out`);

/** Copies everything the session's program writes to a file, so that the test learns when the screen changes. */
function watchOutput(session: string): void {
  writeFileSync(logOf(session), '');
  tmux('pipe-pane', '-t', session, '-o', `cat >> ${logOf(session)}`);
}

/**
 * Resolves with the screen once it shows `text`: checked now, and again each time the program writes
 * to the terminal (the piped output grows). Nothing pauses; the one timer only turns a screen that
 * never comes into a failure that says what the screen shows.
 */
function waitFor(text: string | RegExp, timeoutMs = 10_000, session = 'walk'): Promise<string> {
  return new Promise((resolve, reject) => {
    let last = '';
    const holds = () => {
      last = screen(session);
      return typeof text === 'string' ? last.includes(text) : text.test(last);
    };
    const watcher = watch(logOf(session), () => {
      if (!holds()) return;
      finish();
      resolve(last);
    });
    const failing = setTimeout(() => {
      finish();
      reject(new Error(`the screen never showed ${String(text)}; it shows:\n${screen(session)}`));
    }, timeoutMs);
    function finish() {
      watcher.close();
      clearTimeout(failing);
    }
    if (holds()) {
      finish();
      resolve(last);
    }
  });
}

/** Types keys in one send-keys call, without pauses: they reach the walkthrough as fast as tmux writes them. */
function keys(...names: string[]): void {
  tmux('send-keys', '-t', 'walk', ...names);
}

describe('walkthrough in a real terminal (tmux)', () => {
  let dir = '';
  let design = '';
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'eda-walk-e2e-'));
    design = path.join(dir, 'design.yaml');
    copyFileSync(path.join(ROOT, 'fixtures', 'designs', 'flawed-order-saga.yaml'), design);
    const command = `cd ${ROOT} && env -i PATH="${process.env.PATH ?? ''}" TERM=xterm-256color NO_COLOR=1 node bin/eda-advisor.js walkthrough ${design}; echo "EXIT=$?"; sleep 60`;
    tmux('-f', '/dev/null', 'new-session', '-d', '-s', 'walk', '-x', '80', '-y', '24', command);
    tmux('set-option', '-g', 'escape-time', '0');
    watchOutput('walk');
  });
  afterAll(() => {
    try {
      tmux('kill-server');
    } catch {
      // already gone
    }
    rmSync(dir, { recursive: true, force: true });
    rmSync(logs, { recursive: true, force: true });
  });

  it('opens at 80×24, moves between panes, records a decision, and quits with q', async () => {
    let s = await waitFor('Contexts and services');
    expect(s).toContain('Overview  Checklist  Processes  Advisor  Guidance');
    for (const line of s.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    // The whole way to the third item's finding in one call: every key lands.
    keys('Tab', 'Down', 'Down', 'Enter', 'Enter');
    s = await waitFor('ERROR  Missing compensation (missing-compensation)');
    expect(s).toMatch(/> +57 │ +- name: reserve-stock/);
    keys('s');
    tmux('send-keys', '-t', 'walk', '-l', 'released-by-a-nightly-job');
    await waitFor('Reason for suppressing missing-compensation: released-by-a-nightly-job');
    keys('Enter');
    await waitFor('Suppressed missing-compensation at line 57');
    expect(readFileSync(design, 'utf8')).toContain('      # eda-advisor-ignore missing-compensation -- released-by-a-nightly-job\n      - name: reserve-stock');
    // Esc, then Tab at once: read as Esc and Tab, not as Alt-Tab.
    keys('Escape', 'Tab', 'Enter', 'Down', 'Enter', 'Right', 'Right');
    await waitFor('(3 of 7 steps; Enter for the next)');
    keys('?');
    await waitFor('Esc, Backspace  back');
    keys('Escape', 'q');
    await waitFor('EXIT=0');
  });

  it('colours the screen on a colour terminal, and not at all with NO_COLOR', async () => {
    const start = (session: string, noColor: boolean) =>
      tmux(
        'new-session',
        '-d',
        '-s',
        session,
        '-x',
        '80',
        '-y',
        '24',
        `cd ${ROOT} && env -i PATH="${process.env.PATH ?? ''}" TERM=xterm-256color ${noColor ? 'NO_COLOR=1 ' : ''}node bin/eda-advisor.js walkthrough fixtures/designs/flawed-order-saga.yaml; sleep 60`,
      );
    start('colour', false);
    start('plain', true);
    watchOutput('colour');
    watchOutput('plain');
    await waitFor('Contexts and services', 10_000, 'colour');
    await waitFor('Contexts and services', 10_000, 'plain');
    // Foreground colours: SGR 30–37, 90–97 or 38;…; inverse (7) and bold (1) are not colour.
    const colour = /\u001b\[(?:[0-9;]*;)?(?:3[0-8]|9[0-7])(?:[;m])/;
    expect(tmux('capture-pane', '-e', '-p', '-t', 'colour')).toMatch(colour);
    expect(tmux('capture-pane', '-e', '-p', '-t', 'plain')).not.toMatch(colour);
  });

  it('ends with exit 130 on Ctrl-C, as an interrupted command does, and leaves the terminal usable', async () => {
    tmux(
      'new-session',
      '-d',
      '-s',
      'interrupt',
      '-x',
      '80',
      '-y',
      '24',
      `cd ${ROOT} && env -i PATH="${process.env.PATH ?? ''}" TERM=xterm-256color NO_COLOR=1 node bin/eda-advisor.js walkthrough fixtures/designs/flawed-order-saga.yaml; echo "EXIT=$?"; sleep 60`,
    );
    watchOutput('interrupt');
    await waitFor('Contexts and services', 10_000, 'interrupt');
    tmux('send-keys', '-t', 'interrupt', 'C-c');
    const s = await waitFor('EXIT=130', 10_000, 'interrupt');
    expect(s).toContain('eda-advisor: interrupted.');
  });
});
