// The package as a user gets it: `npm pack` run the way pre-commit runs it, the tarball installed in
// an empty folder, and the GitHub Action's scripts run as the runner runs them, from a checkout of
// the action, against a repository with nested designs.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from './testing/cli.js';

const MB = 1024 * 1024;

function sizeOf(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += sizeOf(full);
    else if (entry.isFile()) total += statSync(full).size;
  }
  return total;
}

/** A copy of the repository's tracked files, as a clone or the action's checkout has them. */
function checkout(into: string): string {
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of files) cpSync(path.join(ROOT, file), path.join(into, file), { recursive: false });
  return into;
}

interface Step {
  name: string;
  if?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
  'working-directory'?: string;
}

describe('the package', () => {
  let work: string;
  let tarball: string;
  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), 'eda-advisor-pack-'));
    const repo = checkout(path.join(work, 'repo'));
    // The build needs the development dependencies; the installed ones serve.
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(repo, 'node_modules'), 'dir');
    // pre-commit runs `npm pack` (scripts on) and reads its whole standard output as the file name.
    const out = spawnSync('npm', ['pack', '--pack-destination', work], { cwd: repo, encoding: 'utf8', timeout: 120_000 });
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout.trim()).toBe('eda-advisor-0.1.0.tgz');
    tarball = path.join(work, out.stdout.trim());
  }, 150_000);

  it('names the repository that SARIF names, with its home page, issues and licence', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      repository: { url: string };
      homepage: string;
      bugs: { url: string };
      license: string;
    };
    const sarif = JSON.parse(
      spawnSync(process.execPath, [path.join(ROOT, 'bin', 'eda-advisor.js'), 'review', 'fixtures/designs/order-saga.yaml', '--format', 'sarif'], {
        cwd: ROOT,
        encoding: 'utf8',
      }).stdout,
    ) as { runs: { tool: { driver: { informationUri: string } } }[] };
    const home = sarif.runs[0]?.tool.driver.informationUri ?? '';
    expect(pkg.repository.url).toBe(`git+${home}.git`);
    expect(pkg.homepage).toBe(`${home}#readme`);
    expect(pkg.bugs.url).toBe(`${home}/issues`);
    expect(readFileSync(path.join(ROOT, 'LICENSE'), 'utf8')).toContain(`${pkg.license} License`);
  });

  it('holds the bundle, the rules and the schemas, and no source maps, scripts or sources', () => {
    const listing = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(listing).toContain('package/dist/cli.js');
    expect(listing).toContain('package/LICENSE');
    expect(listing).toContain('package/schemas/design.schema.json');
    expect(listing.some((f) => f.startsWith('package/rules/'))).toBe(true);
    expect(listing.filter((f) => f.endsWith('.map') || f.startsWith('package/scripts/') || f.startsWith('package/src/'))).toEqual([]);
  });

  it('installs into an empty folder in at most 15 MB and reviews a design there', () => {
    const app = path.join(work, 'app');
    mkdirSync(app);
    writeFileSync(path.join(app, 'package.json'), '{ "name": "app", "private": true }\n');
    const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], { cwd: app, encoding: 'utf8', timeout: 120_000 });
    expect(install.status, install.stderr).toBe(0);
    const modules = path.join(app, 'node_modules');
    const packages = readdirSync(modules).filter((n) => !n.startsWith('.'));
    expect(packages.length).toBeLessThanOrEqual(5);
    expect(sizeOf(modules)).toBeLessThan(15 * MB);
    cpSync(path.join(ROOT, 'fixtures', 'designs', 'flawed-order-saga.yaml'), path.join(app, 'design.yaml'));
    const bin = path.join(modules, '.bin', 'eda-advisor');
    const review = spawnSync(bin, ['review', 'design.yaml', '--no-color'], { cwd: app, encoding: 'utf8' });
    expect(review.status).toBe(1);
    expect(review.stdout).toContain('✖ 9 problems (6 errors, 3 warnings, 0 infos) in 1 file, 1 suppressed.');
    // The parts that load on demand are in the package too: the full YAML parser (an anchor), the
    // rule documentation, the simulation and the offline guidance.
    writeFileSync(
      path.join(app, 'anchored.yaml'),
      readFileSync(path.join(ROOT, 'fixtures', 'designs', 'order-saga.yaml'), 'utf8').replace('name: ', 'x-base: &b 1\nname: '),
    );
    const anchored = spawnSync(bin, ['review', 'anchored.yaml', '--format', 'json'], { cwd: app, encoding: 'utf8' });
    expect(anchored.stderr).toBe('');
    for (const args of [['explain', 'missing-outbox'], ['simulate', 'design.yaml'], ['guidance', 'design.yaml'], ['diagram', 'design.yaml'], ['schema']]) {
      const r = spawnSync(bin, args, { cwd: app, encoding: 'utf8' });
      expect(r.stderr, args.join(' ')).toBe('');
      expect(r.stdout.length, args.join(' ')).toBeGreaterThan(100);
    }
    // The MCP server, from the installed package: its resources are the package's docs/spec.
    const lines = [
      { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'test', version: '0' } } },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { jsonrpc: '2.0', id: 2, method: 'resources/read', params: { uri: 'eda-advisor://spec/design-format' } },
      { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'review_design', arguments: { path: 'design.yaml' } } },
    ];
    const mcp = spawnSync(bin, ['mcp'], { cwd: app, encoding: 'utf8', input: lines.map((l) => `${JSON.stringify(l)}\n`).join(''), timeout: 30_000 });
    expect(mcp.stderr).toBe('');
    const answers = mcp.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: number; result: { contents?: { text: string }[]; structuredContent?: { summary: unknown } } });
    expect(answers[1]?.result.contents?.[0]?.text).toBe(readFileSync(path.join(ROOT, 'docs', 'spec', 'design-format.md'), 'utf8'));
    expect(answers[2]?.result.structuredContent?.summary).toEqual({ errors: 6, warnings: 3, infos: 0 });
  }, 150_000);

  describe('the GitHub Action', () => {
    const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }>; runs: { steps: Step[] } };
    const steps = action.runs.steps;

    /** A step's script with its `${{ }}` expressions replaced as the runner would, and its env. */
    function substitute(text: string, context: Record<string, string>): string {
      return text.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_, name: string) => {
        if (!(name in context)) throw new Error(`the test gives no value for \${{ ${name} }}`);
        return context[name] as string;
      });
    }

    function runStep(step: Step, context: Record<string, string>, cwd: string) {
      const script = path.join(work, `${step.name.replace(/\W+/g, '-')}.sh`);
      writeFileSync(script, substitute(step.run ?? '', context));
      const env: Record<string, string> = { ...(process.env as Record<string, string>), GITHUB_ACTIONS: 'true' };
      for (const [k, v] of Object.entries(step.env ?? {})) env[k] = substitute(v, context);
      // The runner's shell for `shell: bash`.
      return spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
        cwd: step['working-directory'] ? substitute(step['working-directory'], context) : cwd,
        env,
        encoding: 'utf8',
        timeout: 120_000,
      });
    }

    it('pastes no input into a script: inputs reach the scripts through env only', () => {
      for (const step of steps) expect(step.run ?? '', step.name).not.toMatch(/\$\{\{\s*inputs\./);
    });

    it('installs from its own checkout and reviews every nested design of a glob, bash expanding nothing', () => {
      // A release checkout of the action: the tracked files and the built dist/.
      const actionPath = path.join(work, 'action');
      mkdirSync(actionPath);
      execFileSync('tar', ['xzf', tarball, '-C', actionPath, '--strip-components=1']);
      cpSync(path.join(ROOT, 'package-lock.json'), path.join(actionPath, 'package-lock.json'));
      const workspace = path.join(work, 'workspace');
      for (const [file, fixture] of [
        ['design/orders.yaml', 'order-saga.yaml'],
        ['design/payments/transfer.yaml', 'money-transfer-process-manager.yaml'],
        ['design/shipping/policy/shipping.yaml', 'flawed-temporal-money-transfer.yaml'],
        ['design/hotel.yaml', 'hotel-group-checkout.yaml'],
      ] as const) {
        mkdirSync(path.dirname(path.join(workspace, file)), { recursive: true });
        cpSync(path.join(ROOT, 'fixtures', 'designs', fixture), path.join(workspace, file));
      }
      const inputs = {
        files: 'design/**/*.yaml',
        args: '--fail-on error --rule orphan-event=off',
        'upload-sarif': 'true',
        category: 'designs',
        'sarif-file': 'eda-advisor.sarif',
        since: '',
        'markdown-file': 'eda-advisor.md',
      };
      const context: Record<string, string> = {
        'github.action_path': actionPath,
        ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`inputs.${k}`, v])),
      };
      const [install, review, upload] = steps as [Step, Step, Step];
      const installed = runStep(install, context, workspace);
      expect(installed.status, installed.stderr).toBe(0);
      const reviewed = runStep(review, context, workspace);
      // One of the four designs is flawed: annotations, a failing step, and a SARIF of all four.
      expect(reviewed.status, reviewed.stderr).toBe(1);
      expect(reviewed.stdout).toMatch(/^::(error|warning) file=design\/shipping\/policy\/shipping\.yaml,line=\d+/m);
      const sarif = JSON.parse(readFileSync(path.join(workspace, 'eda-advisor.sarif'), 'utf8')) as {
        runs: { artifacts?: { location: { uri: string } }[]; results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
      };
      const uris = new Set(sarif.runs[0]?.results.map((r) => r.locations[0]?.physicalLocation.artifactLocation.uri));
      expect([...uris]).toEqual(['design/shipping/policy/shipping.yaml']);
      expect(reviewed.stdout).not.toContain('orphan-event');
      // The upload: v4, the category input, and no upload from a fork's pull request.
      expect(upload.uses).toBe('github/codeql-action/upload-sarif@v4');
      expect(upload.with?.category).toBe('${{ inputs.category }}');
      expect(upload.if).toContain('github.event.pull_request.head.repo.fork');
      // On a pull request, with since: what the change breaks, in the annotations and the Markdown comment.
      const git = (...args: string[]) =>
        execFileSync('git', args, {
          cwd: workspace,
          env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' },
        });
      git('init', '-q');
      git('add', 'design');
      git('commit', '-qm', 'base');
      const orders = path.join(workspace, 'design', 'orders.yaml');
      writeFileSync(orders, readFileSync(orders, 'utf8').replace('    correlationKey: orderId\n', '    correlationKey: consumerId\n'));
      const since = runStep(review, { ...context, 'inputs.since': 'HEAD', 'inputs.files': 'design/orders.yaml', 'inputs.args': '' }, workspace);
      expect(since.status, since.stderr).toBe(1);
      expect(since.stdout).toMatch(/^::error file=design\/orders\.yaml,line=\d+.*diff\/correlation-changed/m);
      expect(readFileSync(path.join(workspace, 'eda-advisor.md'), 'utf8')).toContain('`diff/correlation-changed`');
      const comment = steps[3] as Step;
      expect(comment.if).toContain("inputs.since != ''");
      expect(comment.if).toContain('github.event.pull_request.head.repo.fork');
      expect(comment.run).toContain('gh pr comment "$PR_NUMBER" --body-file "$INPUT_MARKDOWN_FILE"');
    }, 150_000);

    it('takes one path per line when a path has a space, and says so when files is empty', () => {
      const workspace = mkdtempSync(path.join(tmpdir(), 'eda-advisor-ws-'));
      mkdirSync(path.join(workspace, 'my designs'));
      cpSync(path.join(ROOT, 'fixtures', 'designs', 'order-saga.yaml'), path.join(workspace, 'my designs', 'order saga.yaml'));
      const review = steps[1] as Step;
      const context = (files: string) => ({
        'github.action_path': ROOT,
        'inputs.files': files,
        'inputs.args': '',
        'inputs.sarif-file': 'out.sarif',
        'inputs.since': '',
        'inputs.markdown-file': 'out.md',
      });
      const ok = runStep(review, context('my designs/order saga.yaml\n  $(touch pwned)  \n'), workspace);
      // The second line names no file: exit 2, and the command substitution stayed text.
      expect(ok.status, ok.stderr).toBe(2);
      expect(ok.stderr).toContain('$(touch pwned)');
      expect(readdirSync(workspace)).not.toContain('pwned');
      const one = runStep(review, context('my designs/order saga.yaml\n'), workspace);
      expect(one.status, one.stderr + one.stdout).toBe(0);
      const empty = runStep(review, context(' '), workspace);
      expect(empty.status).toBe(2);
      expect(empty.stdout).toContain("::error title=eda-advisor::the action's 'files' input is empty");
    });
  });
});
