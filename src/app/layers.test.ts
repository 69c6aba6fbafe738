import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../testing/cli.js';

/**
 * The layers, as the README's layout section draws them: commands are thin shells over the use
 * cases in src/app, which decide exit codes and neither print nor touch the process; no module
 * below reaches up into commands; the engine is given its rules.
 */
const SRC = path.join(ROOT, 'src');
const sources = (readdirSync(SRC, { recursive: true, encoding: 'utf8' }) as string[])
  .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) && !f.startsWith('generated'))
  .map((f) => ({ file: f.split(path.sep).join('/'), text: readFileSync(path.join(SRC, f), 'utf8') }));
/** The modules a source imports, as paths under src/ without extension. */
const importsOf = (file: string, text: string) =>
  [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].map((m) => path.posix.join(path.posix.dirname(file), m[1] as string).replace(/\.js$/, ''));

describe('the layers of src/', () => {
  it('commands import no other command (what they share is in commands/options.ts)', () => {
    const offences = sources
      .filter((s) => s.file.startsWith('commands/') && s.file !== 'commands/options.ts')
      .flatMap((s) =>
        importsOf(s.file, s.text)
          .filter((i) => i.startsWith('commands/') && i !== 'commands/options')
          .map((i) => `${s.file} → ${i}`),
      );
    expect(offences).toEqual([]);
  });

  it('nothing but the CLI imports commands/', () => {
    const offences = sources
      .filter((s) => !s.file.startsWith('commands/') && s.file !== 'cli.ts')
      .flatMap((s) =>
        importsOf(s.file, s.text)
          .filter((i) => i.startsWith('commands/'))
          .map((i) => `${s.file} → ${i}`),
      );
    expect(offences).toEqual([]);
  });

  it('the use cases in src/app neither print nor touch the process', () => {
    const app = sources.filter((s) => s.file.startsWith('app/'));
    expect(app.map((s) => s.file)).toEqual(
      expect.arrayContaining([
        'app/review.ts',
        'app/design.ts',
        'app/simulate.ts',
        'app/guidance.ts',
        'app/diagram.ts',
        'app/walkthrough.ts',
        'app/import.ts',
        'app/exit.ts',
      ]),
    );
    const offences = app.flatMap((s) => (/(?<![\w.])process\.|(?<![\w.])console\./.test(s.text.replace(/\/\/.*|\/\*[\s\S]*?\*\//g, '')) ? [s.file] : []));
    expect(offences).toEqual([]);
  });

  it('the engine is given its rules; it does not import the catalogue', () => {
    const offences = sources
      .filter((s) => s.file.startsWith('engine/'))
      .flatMap((s) =>
        importsOf(s.file, s.text)
          .filter((i) => i === 'rules/index')
          .map(() => s.file),
      );
    expect(offences).toEqual([]);
  });

  it('exit codes are numbers only in src/app/exit.ts and errors.ts', () => {
    const offences = sources
      .filter((s) => !['app/exit.ts', 'errors.ts'].includes(s.file))
      .flatMap((s) => [...s.text.matchAll(/process\.exitCode\s*=\s*(\d)/g)].map((m) => `${s.file}: exitCode = ${m[1]}`));
    expect(offences).toEqual([]);
  });
});
