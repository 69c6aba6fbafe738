import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { UsageError } from '../errors.js';
import { SEVERITY_OF } from '../diff/classes.js';
import { DIFF_META } from '../generated/diff-meta.js';
import { RULES_META } from '../generated/rules-meta.js';
import { RULE_IDS } from '../rules/ids.js';
import { didYouMean } from '../util/nearest.js';

/** `eda-advisor rules`: the catalogue as a table. */
export function makeRulesCommand(): Command {
  return new Command('rules')
    .description('List every rule: id, area, default severity and title.')
    .addOption(new Option('-f, --format <name>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText(
      'after',
      `
Areas: the checklist's transaction boundaries, error handling, event design and infrastructure;
the anti-patterns; analysis (simulation, data flow, state machines, cycles); parse. Set a rule's
level with --rule on review, or in .eda-advisor.yaml.

Examples:
  $ eda-advisor rules
  $ eda-advisor rules --format json | jq -r '.[] | select(.severity == "error") | .id'`,
    )
    .action((opts: { format: string }) => {
      const rows = RULE_IDS.map((id) => RULES_META[id]).filter((m) => m !== undefined);
      // Then the change rules of diff and review --since, their class in place of a severity.
      const changes = Object.values(DIFF_META).sort((a, b) => a.id.localeCompare(b.id));
      if (opts.format === 'json') {
        process.stdout.write(
          `${JSON.stringify(
            [
              ...rows.map((m) => ({ id: m.id, category: m.category, severity: m.severity, title: m.title, summary: m.summary })),
              ...changes.map((m) => ({ id: m.id, category: 'diff', class: m.class, severity: SEVERITY_OF[m.class], title: m.title, summary: m.summary })),
            ],
            null,
            2,
          )}\n`,
        );
        return;
      }
      const table = [
        ['id', 'area', 'default', 'title'],
        ...rows.map((m) => [m.id, m.category, m.severity, m.title]),
        ...changes.map((m) => [m.id, 'diff', m.class, m.title]),
      ];
      const widths = [0, 1, 2].map((i) => Math.max(...table.map((r) => (r[i] ?? '').length)));
      process.stdout.write(`${table.map((r) => r.map((c, i) => (i < 3 ? c.padEnd(widths[i] ?? 0) : c)).join('  ')).join('\n')}\n`);
    });
}

/** `eda-advisor explain <rule>`: the rule's whole text, from its metadata, with its examples. */
export function makeExplainCommand(): Command {
  return new Command('explain')
    .description('Explain a rule: what it checks, why it matters, how to fix it, its options and examples.')
    .argument('<rule>', 'a rule id (eda-advisor rules lists them)')
    .addOption(new Option('-f, --format <name>', 'output format').choices(['text', 'markdown']).default('text'))
    .addHelpText(
      'after',
      `
Examples:
  $ eda-advisor explain missing-outbox
  $ eda-advisor explain sync-dependency --format markdown > sync-dependency.md`,
    )
    .action(async (id: string, opts: { format: string }) => {
      if (id.startsWith('verify/')) {
        // The properties verify checks are explained as rules are (their findings carry these ids).
        const { explainProperty } = await import('../verify/explain.js');
        const md = explainProperty(id.slice('verify/'.length));
        process.stdout.write(opts.format === 'markdown' ? md : plain(md));
        return;
      }
      if (id.startsWith('diff/')) {
        // The change rules of diff are explained from rules/diff/<name>.yaml.
        const { explainChange } = await import('../diff/explain.js');
        const md = explainChange(id);
        process.stdout.write(opts.format === 'markdown' ? md : plain(md));
        return;
      }
      if (!RULE_IDS.includes(id)) throw new UsageError(`'${id}' is not a rule id${didYouMean(id, RULE_IDS) || '; eda-advisor rules lists them.'}`);
      // The rule documents are YAML read with the `yaml` library: loaded by this command only.
      const { readRuleDoc, ruleMarkdown } = await import('../rules/docs.js');
      const { RULES } = await import('../rules/index.js');
      const md = ruleMarkdown(readRuleDoc(id), RULES.find((r) => r.id === id)?.messages);
      process.stdout.write(opts.format === 'markdown' ? md : plain(md));
    });
}

/** `eda-advisor schema [--config] [--path]`: the JSON Schema of the design format (or of the configuration), for editors. */
export function makeSchemaCommand(): Command {
  return new Command('schema')
    .description('Print the JSON Schema of the design format, or with --config of .eda-advisor.yaml (for editors: yaml-language-server, VS Code).')
    .option('--config', 'the schema of the configuration file instead')
    .option('--path', 'print where the schema file is instead of its content (for a $schema line or an editor setting)')
    .addHelpText(
      'after',
      `
Examples:
  $ eda-advisor schema > design.schema.json
  $ eda-advisor schema --path
  $ eda-advisor schema --config --path`,
    )
    .action(async (opts: { config?: boolean; path?: boolean }) => {
      const { schemaFile } = await import('../util/package-root.js');
      const file = schemaFile(opts.config ? 'config' : 'design');
      process.stdout.write(opts.path ? `${file}\n` : readFileSync(file, 'utf8'));
    });
}

/** Markdown read as plain text in a terminal: headings underlined, code fences dropped. */
function plain(md: string): string {
  return md
    .split('\n')
    .filter((line) => !line.startsWith('```') && !line.startsWith('Generated from'))
    .map((line) => {
      const h = /^(#+) (.*)$/.exec(line);
      if (!h) return line.replace(/\*\*(.*?)\*\*/g, '$1').replace(/`([^`]*)`/g, '$1');
      const text = (h[2] ?? '').replace(/`([^`]*)`/g, '$1');
      return `${text}\n${(h[1] === '#' ? '=' : '-').repeat(text.length)}`;
    })
    .join('\n');
}
