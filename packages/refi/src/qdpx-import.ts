import { Study, type DocumentBundle } from '@iwa/study';
import { iterateQdpxDocuments } from './qdpx-documents.ts';
import { readQdpxManifest } from './qdpx-manifest.ts';
import type { ReadQdpxOptions } from './qdpx-project-state.ts';
import type { QdpxImportReport, QdpxIssue } from './qdpx-types.ts';
import type { ZipInput } from './qdpx-zip.ts';

/*
 * Reading a `.qdpx`, in named steps: the container and project file (qdpx-manifest.ts, which
 * streams project.qde through qdpx-project-file.ts), each section (qdpx-read-*.ts), then the
 * documents one at a time (qdpx-documents.ts).
 */

export { readQdpxManifest, type QdpxManifestResult } from './qdpx-manifest.ts';
export { iterateQdpxDocuments, type QdpxDocumentResult } from './qdpx-documents.ts';
export type { QdpxProject, ReadQdpxOptions } from './qdpx-project-state.ts';

/** The result of {@link readQdpx}: a whole study and the report, or every error. Never half a study. */
export type QdpxReadResult =
  | { readonly ok: true; readonly study: Study; readonly report: QdpxImportReport }
  | { readonly ok: false; readonly errors: QdpxIssue[] };

/**
 * Reads a whole `.qdpx` into a {@link Study}: {@link readQdpxManifest}, then every document
 * through {@link iterateQdpxDocuments}. Returns the study with a report (offset unit, counts,
 * what was not carried, how codes mapped, warnings), or every error found — never half a study,
 * so the caller writes nothing.
 *
 * @example
 * const res = await readQdpx('nvivo-export.qdpx', { mapping: yaml.parse(mappingText) });
 * if (res.ok) log.info(`offsets counted in ${res.report.offsetUnit}`);
 */
export async function readQdpx(
  input: ZipInput,
  options: ReadQdpxOptions = {},
): Promise<QdpxReadResult> {
  const m = await readQdpxManifest(input, options);
  if (!m.ok) return m;
  const errors: QdpxIssue[] = [];
  const bundles: DocumentBundle[] = [];
  for await (const item of iterateQdpxDocuments(m.project)) {
    if (item.ok) bundles.push(item.bundle);
    // one by one: a spread of a very long list overflows the stack
    else for (const e of item.errors) errors.push(e);
  }
  if (errors.length > 0) return { ok: false, errors };
  const manifest = m.project.manifest;
  const candidate: Study = {
    ...manifest,
    memos: [...manifest.memos, ...bundles.flatMap((b) => b.memos)],
    documents: bundles.map((b) => b.document),
    excerpts: bundles.flatMap((b) => b.excerpts),
    codings: bundles.flatMap((b) => b.codings),
  };
  const checked = Study.safeParse(candidate);
  if (!checked.success) {
    return {
      ok: false,
      errors: checked.error.issues.map((i) => ({
        code: 'invalid_study' as const,
        message: `the study made from the project is invalid at ${i.path.join('.')}: ${i.message}`,
      })),
    };
  }
  return { ok: true, study: checked.data, report: m.project.report };
}
