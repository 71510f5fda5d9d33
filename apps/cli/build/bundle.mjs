// The `iwa` command as one esbuild bundle: what `iwa` runs once built (`dist/iwa.mjs`), what
// `pnpm iwa` runs (a bundle cached under node_modules/.cache, rebuilt when a source changes) and
// what the CLI tests spawn. See docs/decisions/0021-cli-one-bundle.md.
//
// Node spent most of an `iwa matrix` process resolving, reading and compiling ~500 modules (the
// workspace packages, neo4j-driver with rxjs, @stdlib's special functions, yaml); one bundle with
// lazy chunks per command is read in a few files. Plain JavaScript, so `scripts/run-iwa.mjs` can
// load it with a bare `node`.
import { existsSync, statSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const CLI_DIR = fileURLToPath(new URL('..', import.meta.url));
const ENTRY = join(CLI_DIR, 'src', 'bin.ts');

/**
 * Loaded at run time from where they are installed, never bundled: Vite (only `iwa serve` on a
 * clone whose explorer UI is not built yet imports it) and packages with native parts.
 */
const RUNTIME_PACKAGES = ['vite', 'esbuild', 'fsevents', 'lightningcss'];

/** A path from the bundle's folder to `file`, as a relative URL (`../../packages/…`). */
function relativeUrl(outdir, file) {
  const rel = relative(outdir, file).split(sep).join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

/** Every workspace source keeps its own `import.meta.url`, relative to the bundle's folder. */
function sourceUrls(outdir) {
  return {
    name: 'iwa-source-urls',
    setup(b) {
      b.onLoad({ filter: /\.[cm]?tsx?$/ }, async (args) => {
        if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
        const text = await readFile(args.path, 'utf8');
        const url = `new URL(${JSON.stringify(relativeUrl(outdir, args.path))}, import.meta.url).href`;
        return {
          contents: text.replaceAll('import.meta.url', url),
          loader: args.path.endsWith('x') ? 'tsx' : 'ts',
        };
      });
    },
  };
}

/** The run-time packages, imported by a relative path to where their importer resolves them. */
function runtimePackages(outdir) {
  const names = new Set(RUNTIME_PACKAGES);
  return {
    name: 'iwa-runtime-packages',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, async (args) => {
        const name = args.path.startsWith('@')
          ? args.path.split('/').slice(0, 2).join('/')
          : args.path.split('/')[0];
        if (!names.has(name) || args.pluginData === 'resolving') return undefined;
        const found = await b.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: 'resolving',
        });
        if (found.errors.length > 0) return { errors: found.errors };
        return { path: relativeUrl(outdir, found.path), external: true };
      });
    },
  };
}

/**
 * Bundles `apps/cli/src/bin.ts` (the workspace packages read from their sources) into `outdir`,
 * a folder of its own that is emptied first: `iwa.mjs` and its lazy chunks. Resolves to the
 * entry's path and the files it was built from, this script included (for a staleness check).
 *
 * @param {{ outdir: string, sourcemap?: boolean }} options
 * @returns {Promise<{ bin: string, inputs: string[] }>}
 */
export async function bundleIwa(options) {
  return bundleEntry({ ...options, entry: ENTRY, name: 'iwa' });
}

/**
 * Bundles another entry of the workspace as `iwa` is bundled (the bench's ingest child, so it
 * measures the importer as users run it): `<name>.mjs` and its chunks in `outdir`.
 *
 * @param {{ entry: string, name: string, outdir: string, sourcemap?: boolean }} options
 * @returns {Promise<{ bin: string, inputs: string[] }>}
 */
export async function bundleEntry(options) {
  const outdir = options.outdir;
  await rm(outdir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: CLI_DIR,
    entryPoints: { [options.name]: options.entry },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    conditions: ['@iwa/source'],
    sourcemap: options.sourcemap ? 'linked' : false,
    metafile: true,
    logLevel: 'warning',
    // CommonJS packages in an ES module bundle call `require` for Node's built-ins
    banner: {
      js: "import { createRequire as __iwaCreateRequire } from 'node:module';\nconst require = __iwaCreateRequire(import.meta.url);",
    },
    plugins: [runtimePackages(outdir), sourceUrls(outdir)],
  });
  const inputs = [
    fileURLToPath(import.meta.url),
    ...Object.keys(result.metafile.inputs).map((p) => join(CLI_DIR, p)),
  ];
  return { bin: join(outdir, `${options.name}.mjs`), inputs };
}

const STAMP = 'inputs.json';

/** Whether the bundle in `dir` is older than any of the files it was built from. */
async function stale(dir) {
  try {
    const { inputs } = JSON.parse(await readFile(join(dir, STAMP), 'utf8'));
    const built = statSync(join(dir, 'iwa.mjs')).mtimeMs;
    // synchronous: ~1,400 files, a few milliseconds in all
    for (const file of inputs) if (statSync(file).mtimeMs > built) return true;
    return false;
  } catch {
    return true; // no bundle yet, or an input is gone
  }
}

/**
 * The bundle in `dir`, built first when missing or older than a source. It is built in a staging
 * folder beside `dir` (the same depth, so the same relative URLs) and renamed into place: two
 * `pnpm iwa` starting together never run a half-written bundle.
 *
 * @param {string} dir
 * @returns {Promise<string>} the entry's path
 */
export async function ensureBundle(dir) {
  const bin = join(dir, 'iwa.mjs');
  if (!(await stale(dir))) return bin;
  const staging = `${dir}.build-${process.pid}-${Date.now()}`;
  try {
    const { inputs } = await bundleIwa({ outdir: staging });
    await writeFile(join(staging, STAMP), JSON.stringify({ inputs }));
    await rm(dir, { recursive: true, force: true });
    try {
      await rename(staging, dir);
    } catch (err) {
      // another process put a complete bundle in place first: use that one
      if (!(err.code === 'ENOTEMPTY' || err.code === 'EEXIST') || !existsSync(bin)) throw err;
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return bin;
}

// `node build/bundle.mjs <outdir>` (the package's build): the bundle `iwa` runs once built
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outdir = process.argv[2];
  if (outdir === undefined) throw new Error('usage: node build/bundle.mjs <outdir>');
  const { bin } = await bundleIwa({ outdir: join(process.cwd(), outdir) });
  process.stdout.write(`bundled ${relative(process.cwd(), bin)}\n`);
}
