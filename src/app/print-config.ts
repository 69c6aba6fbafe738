import { existsSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, findConfig, loadConfig, settingsFor } from '../config/config.js';
import type { Level } from '../engine/run.js';
import { RULES_META } from '../generated/rules-meta.js';

/**
 * `review --print-config FILE`: the settings a review of FILE would use, as JSON (as ESLint's
 * --print-config): the configuration file found (or given with -c), whether FILE is ignored, every
 * rule's level (its default unless set) and options, and the severity mapping of a preset.
 */
export function printConfig(file: string, cwd: string, cli: ReadonlyMap<string, Level>, configFile?: string): string {
  if (configFile !== undefined && !existsSync(configFile)) throw new ConfigError(configFile, 'no such configuration file; check the path.');
  const found = configFile ?? findConfig(path.resolve(file));
  const config = found === undefined ? undefined : loadConfig(found);
  const settings = settingsFor(config, file, cli);
  const rules: Record<string, { level: Level; options?: unknown }> = {};
  for (const id of Object.keys(RULES_META).sort()) {
    const level = settings.levels.get(id) ?? (RULES_META[id]?.severity as Level);
    const options = settings.options.get(id);
    rules[id] = { level, ...(options ? { options } : {}) };
  }
  const out = {
    file,
    config: found === undefined ? null : path.relative(cwd, found) || found,
    ignored: settings.ignored,
    ...(Object.keys(settings.raise).length > 0 ? { raise: settings.raise } : {}),
    rules,
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
