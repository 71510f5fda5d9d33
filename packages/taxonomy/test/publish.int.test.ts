import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const pkgDir = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');
const temp = mkdtempSync(join(tmpdir(), 'iwa-taxonomy-pack-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('the published @iwa/taxonomy', () => {
  it('packs, installs with npm and runs in plain Node with zod alone', () => {
    rmSync(join(pkgDir, 'dist'), { recursive: true, force: true }); // nothing stale gets packed
    run(process.execPath, [tsc, '-p', 'tsconfig.build.json'], pkgDir);
    run('pnpm', ['pack', '--pack-destination', temp], pkgDir);
    const tarball = readdirSync(temp).find((f) => f.endsWith('.tgz'));
    expect(tarball).toBeDefined();
    const tarballPath = join(temp, tarball!);

    // what the tarball holds, and the manifest as it will be published
    const files = run('tar', ['-tzf', tarballPath], temp).trim().split('\n').sort();
    expect(files).toEqual(
      expect.arrayContaining([
        'package/LICENSE',
        'package/README.md',
        'package/package.json',
        'package/dist/index.js',
        'package/dist/index.d.ts',
      ]),
    );
    expect(files.filter((f) => f.endsWith('.test.ts') || f.endsWith('.test.js'))).toEqual([]);
    const manifestText = run('tar', ['-xzOf', tarballPath, 'package/package.json'], temp);
    expect(manifestText).not.toMatch(/workspace:|catalog:/);
    const manifest = JSON.parse(manifestText) as {
      private?: boolean;
      license: string;
      dependencies: Record<string, string>;
      exports: Record<string, Record<string, string>>;
    };
    expect(manifest.private).toBeUndefined();
    expect(manifest.license).toBe('MIT');
    expect(Object.keys(manifest.dependencies)).toEqual(['zod']);
    expect(manifest.dependencies.zod).toMatch(/^\d+\.\d+\.\d+$/);
    expect(manifest.exports).toEqual({
      '.': { types: './dist/index.d.ts', default: './dist/index.js' },
    });

    // a study elsewhere: npm installs the tarball (and zod from the registry)
    const consumer = join(temp, 'consumer');
    mkdirSync(consumer);
    writeFileSync(
      join(consumer, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
    );
    run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', tarballPath], consumer);
    const script = `
      import * as t from '@iwa/taxonomy';
      const byPurpose = (p) => t.LNS_FORMS.filter((f) => f.purpose === p).length;
      const codebook = t.defineCodebook({ name: 'elsewhere', codes: [{ key: 'flag.ally_enlisted', label: 'Ally enlisted' }] });
      console.log(JSON.stringify({
        forms: t.FORMS_OF_WORK.length,
        purposes: t.PURPOSES.length,
        lns: [byPurpose('creating'), byPurpose('maintaining'), byPurpose('disrupting')],
        pillars: t.PILLARS.length,
        dimensions: t.POSITION_DIMENSIONS.length,
        codes: codebook.codes.length,
        guid: t.uuidv5('www.example.com', t.NAMESPACE_DNS),
      }));
    `;
    const output = run(process.execPath, ['--input-type=module', '-e', script], consumer);
    expect(JSON.parse(output)).toEqual({
      forms: 4,
      purposes: 3,
      lns: [9, 6, 3],
      pillars: 3,
      dimensions: 7,
      codes: 36,
      guid: '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    });

    // and its type declarations resolve for a TypeScript consumer
    writeFileSync(
      join(consumer, 'check.ts'),
      "import { defineCodebook, type LnsForm } from '@iwa/taxonomy';\nconst form: LnsForm = 'policing';\nexport const codebook = defineCodebook({ name: form });\n",
    );
    run(
      process.execPath,
      [
        tsc,
        '--noEmit',
        '--strict',
        '--module',
        'nodenext',
        '--moduleResolution',
        'nodenext',
        '--skipLibCheck',
        'false',
        'check.ts',
      ],
      consumer,
    );
  }, 180_000);
});
