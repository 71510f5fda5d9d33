import type { OpenResult } from './import-source.ts';

/** Opens a REFI-QDA project as an import source. */
export function openQdpx(
  path: string,
  _options: {
    studyId?: string | undefined;
    mapFile?: string | undefined;
    coder?: string | undefined;
  },
): Promise<OpenResult> {
  return Promise.resolve({
    ok: false,
    errors: [`${path}: .qdpx import is not wired into the CLI yet`],
  });
}
