import { fileURLToPath } from 'node:url';

/** The repository's root folder: where the bench runs `pnpm`, the CLI and the Java tools. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
