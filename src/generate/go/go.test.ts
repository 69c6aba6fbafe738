import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGenerateGo } from '../../app/generate.js';
import { loadSoundDesign } from '../../app/design.js';
import { simulateProcess } from '../../sim/simulate.js';
import { ROOT, run } from '../../testing/cli.js';

/**
 * `generate go` checked by Go itself: the code of every fixture design that reviews clean is
 * gofmt-clean, passes go vet, and its generated tests (one per failure point of the simulation) pass
 * as generated; a coordinator whose compensation order is broken fails them. Go is Debian's
 * golang-go (1.19), which .ci/run installs when it is missing.
 */
const GO_ENV = { ...process.env, GOCACHE: process.env.GOCACHE ?? path.join(tmpdir(), 'eda-advisor-go-cache'), GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local' };
const go = (args: readonly string[], cwd: string) => spawnSync('go', args, { cwd, env: GO_ENV, encoding: 'utf8', timeout: 240_000 });
const hasGo = go(['version'], ROOT).status === 0;

const DESIGNS = [...readdirSync(path.join(ROOT, 'fixtures/designs')).map((f) => `fixtures/designs/${f}`), 'fixtures/designs-split/checkout.yaml'].filter((f) =>
  f.endsWith('.yaml'),
);
/** The designs `generate go` takes without --allow-findings: those whose review does not fail. */
const SOUND = DESIGNS.filter((f) => !loadSoundDesign(f, { review: 'full', stop: '' }).review.findings.some((x) => x.severity === 'error'));
const slug = (file: string) =>
  file
    .replace(/^fixtures\//, '')
    .replace(/\.yaml$/, '')
    .replace(/[^a-z0-9]+/g, '_');
/**
 * Flawed designs (generated with --allow-findings) whose runs take the runtime's other paths: steps
 * confirmed by the platform (Complete) and given up (GiveUp), a step of two commands, a guarded cycle
 * of reactions, a batch that keeps its successes.
 */
const PATHS = [
  'fixtures/rules/god-process-manager/valid-compensations-not-counted.yaml',
  'fixtures/rules/missing-compensation/invalid-multi-command-step.yaml',
  'fixtures/rules/event-cycle/invalid-guarded-retry-loop.yaml',
  'fixtures/rules/batch-partial-failure/valid-continue.yaml',
];
/** Every design among the fixtures that parses and follows the schema, flaws and all. */
const ALL = (readdirSync(path.join(ROOT, 'fixtures'), { recursive: true, encoding: 'utf8' }) as string[])
  .filter((f) => f.endsWith('.yaml') && !f.startsWith('generate'))
  .map((f) => `fixtures/${f.split(path.sep).join('/')}`)
  .filter((f) => {
    try {
      loadSoundDesign(f, { review: 'blocking', stop: '' });
      return true;
    } catch {
      return false;
    }
  });

const scratch = mkdtempSync(path.join(tmpdir(), 'eda-go-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

it('Go is installed (.ci/run installs golang-go when it is missing)', () => {
  expect(hasGo, 'go is not on PATH: apt-get install golang-go').toBe(true);
});

describe('the Go code of every fixture design that reviews clean', () => {
  const root = path.join(scratch, 'all');
  let tests = 0;
  beforeAll(() => {
    mkdirSync(root, { recursive: true });
    writeFileSync(path.join(root, 'go.mod'), 'module example.com/fixtures\n\ngo 1.19\n');
    for (const file of SOUND) tests += runGenerateGo(file, { output: path.join(root, slug(file)), cwd: ROOT }).tests;
    for (const file of PATHS) tests += runGenerateGo(file, { output: path.join(root, slug(file)), cwd: ROOT, allowFindings: true }).tests;
  });

  it('covers the sound fixtures (and the flawed ones whose review passes)', () => {
    expect(SOUND.length).toBeGreaterThanOrEqual(10);
    expect(SOUND).toContain('fixtures/designs/order-saga.yaml');
    expect(SOUND).not.toContain('fixtures/designs/flawed-order-saga.yaml');
  });

  it('writes one Go test per failure point that simulate finds', () => {
    const points = [...SOUND, ...PATHS].reduce((n, file) => {
      const { design } = loadSoundDesign(file, { review: 'blocking', stop: '' });
      return n + [...design.processes.values()].reduce((m, p) => m + simulateProcess(design, p).traces.length, 0);
    }, 0);
    expect(tests).toBe(points);
  });

  it.skipIf(!hasGo)('is gofmt-clean', () => {
    const r = spawnSync('gofmt', ['-l', '.'], { cwd: root, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('');
  });

  it.skipIf(!hasGo)('passes go vet, and its tests pass as generated', { timeout: 300_000 }, () => {
    const vet = go(['vet', './...'], root);
    expect(vet.stderr + vet.stdout, 'go vet').toBe('');
    expect(vet.status).toBe(0);
    const test = go(['test', '-count=1', '-v', './...'], root);
    expect(test.stdout.match(/^--- FAIL/gm) ?? [], test.stdout.slice(-4000)).toEqual([]);
    expect(test.status, test.stderr).toBe(0);
    const passed = test.stdout.match(/^--- PASS/gm)?.length ?? 0;
    const skipped = test.stdout.match(/^--- SKIP/gm)?.length ?? 0;
    expect(passed + skipped).toBe(tests);
    // A skip says why the in-memory run cannot play the point: a command that must answer two ways in
    // one run (flawed-kafka-streams-order-join), a batch that keeps its successes (valid-continue).
    expect(test.stdout.match(/^--- SKIP: \S+/gm)).toEqual(['--- SKIP: TestInventoryOrderPlacedStockRanOut', '--- SKIP: TestStepPayEveryoneFailsForGood']);
  });
});

describe('the Go code of every design among the fixtures, flaws and all (--allow-findings)', () => {
  const root = path.join(scratch, 'corpus');
  let gofmt: { stdout: string; stderr: string } = { stdout: '', stderr: 'not run' };
  beforeAll(() => {
    mkdirSync(root, { recursive: true });
    writeFileSync(path.join(root, 'go.mod'), 'module example.com/corpus\n\ngo 1.19\n');
    for (const file of ALL) runGenerateGo(file, { output: path.join(root, slug(file)), cwd: ROOT, allowFindings: true });
    // gofmt reads the trees as written (the rewrite below reorders their imports).
    if (hasGo) gofmt = spawnSync('gofmt', ['-l', '.'], { cwd: root, encoding: 'utf8' });
    // One platform for all (each tree's is the same runtime): go vet then checks each package once.
    cpSync(path.join(root, slug(ALL[0] as string), 'platform'), path.join(root, 'platform'), { recursive: true });
    const repoint = (dir: string, from: string) => {
      for (const f of (readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[]).filter((x) => x.endsWith('.go'))) {
        const p = path.join(dir, f);
        writeFileSync(p, readFileSync(p, 'utf8').replaceAll(`"example.com/corpus/${from}/platform/`, '"example.com/corpus/platform/'));
      }
    };
    repoint(path.join(root, 'platform'), slug(ALL[0] as string));
    for (const file of ALL) {
      rmSync(path.join(root, slug(file), 'platform'), { recursive: true });
      repoint(path.join(root, slug(file)), slug(file));
    }
  });

  it('covers them all', () => {
    expect(ALL.length).toBeGreaterThan(200);
  });

  it.skipIf(!hasGo)('is gofmt-clean and passes go vet', { timeout: 300_000 }, () => {
    expect(gofmt.stdout + gofmt.stderr).toBe('');
    const vet = go(['vet', './...'], root);
    expect(vet.stderr + vet.stdout, 'go vet').toBe('');
    expect(vet.status).toBe(0);
  });
});

describe('a generated coordinator runs its compensations in the order the simulation gives', () => {
  const out = path.join(scratch, 'mutation');
  beforeAll(() => {
    runGenerateGo('fixtures/designs/order-saga.yaml', { output: out, cwd: ROOT });
  });

  it.skipIf(!hasGo)('its tests pass as generated', { timeout: 120_000 }, () => {
    const r = go(['test', '-count=1', './processes/...'], out);
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });

  it.skipIf(!hasGo)('and fail when the runtime undoes the completed steps first to last', { timeout: 120_000 }, () => {
    const saga = path.join(out, 'platform/saga/saga.go');
    const text = readFileSync(saga, 'utf8');
    const reverse = 'for j := i - 1; j >= 0; j-- {';
    expect(text).toContain(reverse);
    writeFileSync(saga, text.replace(reverse, 'for j := 0; j < i; j++ {'));
    try {
      const r = go(['test', '-count=1', './processes/...'], out);
      expect(r.status).not.toBe(0);
      // Only the failure with two compensations to order (after the card is declined) notices.
      expect(r.stdout).toMatch(/--- FAIL: TestStepAuthorizeCardFailsForGood/);
      expect(r.stdout).toMatch(/got \["send RejectOrder" "send ReleaseStock"\]\n\s*want \["send ReleaseStock" "send RejectOrder" "publish OrderRejected"\]/);
      expect(r.stdout).not.toMatch(/--- FAIL: TestStepReserveStockFailsForGood/);
    } finally {
      writeFileSync(saga, text);
    }
  });
});

describe('the generated services, coordinator and subscription together', () => {
  const out = path.join(scratch, 'wiring');
  // A test of the user's kind, written beside the generated ones: the services' generated handlers
  // answer, Subscribe carries their events to the coordinator, and the transfer completes.
  const wiring = `package moneytransfer

import (
	"context"
	"reflect"
	"testing"

	"example.com/money-transfer/ledger"
	"example.com/money-transfer/platform/event"
	"example.com/money-transfer/platform/memory"
	"example.com/money-transfer/transfers"
)

func TestTheTransferCompletes(t *testing.T) {
	ctx := context.Background()
	log := &memory.Log{}
	bus, stream := memory.NewBus(log), memory.NewStream(log)
	c := New(bus, stream, memory.NewClock())
	if _, err := Subscribe(ctx, c, stream); err != nil {
		t.Fatal(err)
	}
	accounts := &ledger.Accounts{Stream: stream, Seen: &memory.Deduplicator{}}
	if err := accounts.Register(bus); err != nil {
		t.Fatal(err)
	}
	start := transfers.TransferRequested{TransferID: "t-1", FromAccountID: "a", ToAccountID: "b", Amount: "5"}
	for i := 0; i < 2; i++ { // the second is a redelivery: dropped
		if _, err := stream.Append(ctx, "requests", event.AnyVersion, nil, start); err != nil {
			t.Fatal(err)
		}
	}
	in, _, err := c.Load(ctx, "t-1")
	if err != nil {
		t.Fatal(err)
	}
	if in.State != "Completed" {
		t.Fatalf("the transfer is in %s: %q", in.State, log.Entries())
	}
	want := []string{"send DebitAccount", "publish AccountDebited", "send CreditAccount", "publish AccountCredited", "publish TransferCompleted"}
	got := []string{}
	for _, e := range log.Entries() {
		if e != "publish TransferRequested" && e[:7] != "record " {
			got = append(got, e)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
}
`;
  beforeAll(() => {
    runGenerateGo('fixtures/designs/money-transfer-process-manager.yaml', { output: out, cwd: ROOT, module: 'example.com/money-transfer' });
    writeFileSync(path.join(out, 'processes/moneytransfer/wiring_test.go'), wiring);
  });

  it.skipIf(!hasGo)('drive a process manager to its end', { timeout: 120_000 }, () => {
    const r = go(['test', '-count=1', '-run', 'TestTheTransferCompletes', './processes/...'], out);
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });
});

it('the README shows a generated test as it is generated', () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const generated = readFileSync(path.join(ROOT, 'fixtures/generate/go/order-saga/processes/createordersaga/createordersaga_test.go'), 'utf8');
  const shown = /\/\/ TestStepAuthorizeCardFailsForGood[\s\S]*?\n\}\n/.exec(generated)?.[0];
  expect(shown).toBeDefined();
  expect(readme).toContain(shown);
});

/** The files of a generated tree but the platform's (which are the runtime's, compared apart). */
function tree(dir: string, under = ''): string[] {
  return readdirSync(path.join(dir, under), { withFileTypes: true }).flatMap((e) => {
    const rel = under ? `${under}/${e.name}` : e.name;
    if (e.isDirectory()) return rel === 'platform' ? [] : tree(dir, rel);
    return [rel];
  });
}

describe.each(['order-saga', 'money-transfer-process-manager'])('the golden files of %s', (name) => {
  const golden = path.join(ROOT, 'fixtures/generate/go', name);
  const out = path.join(scratch, `golden-${name}`);
  beforeAll(() => {
    runGenerateGo(`fixtures/designs/${name}.yaml`, { output: out, cwd: ROOT });
    // UPDATE_GOLDEN=1 npx vitest run src/generate/go rewrites them from what is generated now.
    if (process.env.UPDATE_GOLDEN) {
      rmSync(golden, { recursive: true, force: true });
      for (const f of tree(out)) cpSync(path.join(out, f), path.join(golden, f));
    }
  });

  it('are what is generated, file for file and byte for byte', () => {
    const files = tree(out).sort();
    expect(files).toEqual(tree(golden).sort());
    for (const f of files) expect(readFileSync(path.join(out, f), 'utf8'), f).toBe(readFileSync(path.join(golden, f), 'utf8'));
  });

  it('come out the same a second time (deterministic), into a fresh folder', () => {
    const again = path.join(scratch, `again-${name}`);
    runGenerateGo(`fixtures/designs/${name}.yaml`, { output: again, cwd: ROOT });
    for (const f of tree(out)) expect(readFileSync(path.join(again, f), 'utf8'), f).toBe(readFileSync(path.join(out, f), 'utf8'));
  });

  it("hold the platform's runtime as written in src/generate/go/runtime, with its header", () => {
    for (const pkg of readdirSync(path.join(ROOT, 'src/generate/go/runtime'))) {
      const name = pkg.replace(/\.go$/, '');
      const written = readFileSync(path.join(out, 'platform', name, `${name}.go`), 'utf8');
      expect(written.split('\n')[0]).toMatch(/^\/\/ Code generated .* DO NOT EDIT\.$/);
      expect(written).not.toContain('MODULE/');
    }
  });
});

describe('eda-advisor generate go, as a user runs it', () => {
  const dir = () => mkdtempSync(path.join(scratch, 'cli-'));

  it('writes the tree, a go.mod and the hashes, and says what to run next', () => {
    const out = path.join(dir(), 'internal');
    const r = run(['generate', 'go', 'fixtures/designs/order-saga.yaml', '-o', out, '--module', 'example.com/shop']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Wrote \d+ files to .*internal \(module example\.com\/shop, go\.mod written\), 3 tests from the simulated failures\.\n/);
    expect(r.stdout).toContain('Next: cd');
    expect(readFileSync(path.join(out, 'go.mod'), 'utf8')).toBe('module example.com/shop\n\ngo 1.19\n');
    expect(readFileSync(path.join(out, 'processes/createordersaga/createordersaga.go'), 'utf8')).toContain('"example.com/shop/platform/saga"');
    expect(readFileSync(path.join(out, '.eda-advisor.sum'), 'utf8')).toMatch(/^[0-9a-f]{64} {2}ordering\/messages\.go$/m);
  });

  it('refuses a design whose review fails (exit 1, the findings shown), unless --allow-findings', () => {
    const out = path.join(dir(), 'internal');
    const r = run(['generate', 'go', 'fixtures/designs/flawed-order-saga.yaml', '-o', out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('has findings that fail its review');
    expect(r.stderr).toMatch(/\d+:\d+ +error +.*missing-outbox/);
    expect(existsSync(out)).toBe(false);
    const allowed = run(['generate', 'go', 'fixtures/designs/flawed-order-saga.yaml', '-o', out, '--allow-findings']);
    expect(allowed.status).toBe(0);
    expect(allowed.stderr).toMatch(/generated despite \d+ failing findings? \(--allow-findings\)/);
  });

  it('re-running changes nothing; a generated file you changed is refused (exit 2, nothing written) until --force', () => {
    const out = path.join(dir(), 'internal');
    expect(run(['generate', 'go', 'fixtures/designs/order-saga.yaml', '-o', out]).status).toBe(0);
    const again = run(['generate', 'go', 'fixtures/designs/order-saga.yaml', '-o', out]);
    expect(again.stdout).toMatch(
      /^Wrote 0 files .*\n\d+ files unchanged\.\nKept 4 files written once \(yours now\): customers\/consumers\.go, inventory\/stock\.go, ordering\/orders\.go, payments\/cards\.go\.\n/,
    );
    const messages = path.join(out, 'ordering/messages.go');
    const logic = path.join(out, 'ordering/orders.go');
    writeFileSync(messages, `${readFileSync(messages, 'utf8')}\n// mine\n`);
    writeFileSync(logic, `${readFileSync(logic, 'utf8')}\n// my business logic\n`);
    const refused = run(['generate', 'go', 'fixtures/designs/order-saga.yaml', '-o', out]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/a generated file was changed since eda-advisor wrote it: .*ordering\/messages\.go; nothing was written\..*--force/);
    expect(readFileSync(messages, 'utf8')).toContain('// mine');
    const forced = run(['generate', 'go', 'fixtures/designs/order-saga.yaml', '-o', out, '--force']);
    expect(forced.status).toBe(0);
    expect(readFileSync(messages, 'utf8')).not.toContain('// mine');
    // The business logic is the user's: never written again, --force or not.
    expect(readFileSync(logic, 'utf8')).toContain('// my business logic');
  });

  it('names the files it no longer generates, for the user to delete', () => {
    const out = path.join(dir(), 'internal');
    expect(run(['generate', 'go', 'fixtures/designs/order-saga.yaml', '-o', out]).status).toBe(0);
    const r = run(['generate', 'go', 'fixtures/designs/order-choreography.yaml', '-o', out]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(
      /processes\/createordersaga\/createordersaga\.go is no longer generated \(the design no longer has what it was for\): delete it\./,
    );
    expect(existsSync(path.join(out, 'processes/createordersaga/createordersaga.go'))).toBe(true);
    // The Cards service is gone too: its plumbing and its business logic (written once) are named.
    expect(r.stderr).toMatch(/payments\/cards_platform\.go is no longer generated/);
    expect(r.stderr).toMatch(/payments\/cards\.go is no longer generated/);
    rmSync(path.join(out, 'processes/createordersaga'), { recursive: true });
    expect(run(['generate', 'go', 'fixtures/designs/order-choreography.yaml', '-o', out]).stderr).not.toContain('createordersaga');
  });

  it('takes the module of a go.mod above --output, and refuses a --module that contradicts it', () => {
    const repo = dir();
    writeFileSync(path.join(repo, 'go.mod'), 'module github.com/acme/shop\n\ngo 1.19\n');
    const out = path.join(repo, 'internal', 'gen');
    const r = run(['generate', 'go', 'fixtures/designs/order-saga.yaml', '-o', out]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('(module github.com/acme/shop)');
    expect(existsSync(path.join(out, 'go.mod'))).toBe(false);
    expect(readFileSync(path.join(out, 'processes/createordersaga/createordersaga.go'), 'utf8')).toContain('"github.com/acme/shop/internal/gen/ordering"');
    writeFileSync(path.join(out, 'go.mod'), 'module github.com/acme/gen\n');
    const wrong = run(['generate', 'go', 'fixtures/designs/order-saga.yaml', '-o', out, '--module', 'example.com/other']);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('--module example.com/other, but');
  });

  it('says what is wrong with the arguments (exit 2)', () => {
    const parent = dir();
    const file = path.join(parent, 'file');
    writeFileSync(file, 'x');
    const notFolder = run(['generate', 'go', 'fixtures/designs/order-saga.yaml', '-o', file]);
    expect(notFolder.status).toBe(2);
    expect(notFolder.stderr).toContain('is not a folder');
    const noOutput = run(['generate', 'go', 'fixtures/designs/order-saga.yaml']);
    expect(noOutput.status).toBe(2);
    expect(noOutput.stderr).toContain("required option '-o, --output <dir>' not specified");
    const process = run(['generate', 'go', 'fixtures/designs/order-saga.yaml', '-o', path.join(parent, 'x'), '--process', 'CreateOrderSag']);
    expect(process.status).toBe(2);
    expect(process.stderr).toContain('CreateOrderSaga');
    const asyncapi = run(['generate', 'go', 'fixtures/asyncapi/streetlights-mqtt-2.6.yml', '-o', path.join(parent, 'y')]);
    expect(asyncapi.status).toBe(2);
    expect(asyncapi.stderr).toContain('convert it first');
    const missing = run(['generate', 'go', 'nope.yaml', '-o', path.join(parent, 'z')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/nope\.yaml/);
  });
});
