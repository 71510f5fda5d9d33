/** Bundles the `iwa` CLI into `outdir` (see bundle.mjs). */
export function bundleIwa(options: {
  outdir: string;
  sourcemap?: boolean;
}): Promise<{ bin: string; inputs: string[] }>;

/** Bundles another entry of the workspace as `iwa` is bundled: `<name>.mjs` in `outdir`. */
export function bundleEntry(options: {
  entry: string;
  name: string;
  outdir: string;
  sourcemap?: boolean;
}): Promise<{ bin: string; inputs: string[] }>;

/** The bundle in `dir`, built first when missing or older than a source (see bundle.mjs). */
export function ensureBundle(dir: string): Promise<string>;
