import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import {
  iterateQdpxDocuments,
  readQdpxManifest,
  RefiMapping,
  type QdpxIssue,
  type RefiMappingInput,
} from '@iwa/refi';
import { z } from 'zod';
import { parse as parseYaml } from 'yaml';
import { hashFile, type ImportSource, type OpenResult } from './import-source.ts';

/** `file: entry:line element: message (hint)`, one line per problem. */
export function formatQdpxIssue(file: string, issue: QdpxIssue): string {
  const where = [
    issue.entry,
    issue.line === undefined ? undefined : `line ${issue.line}`,
    issue.element,
  ]
    .filter(Boolean)
    .join(' ');
  return `${file}${where ? `: ${where}` : ''}: ${issue.message}${issue.hint ? `; ${issue.hint}` : ''}`;
}

/**
 * Opens a REFI-QDA project (.qdpx) as an import source: the project file is read first, then the
 * sources one at a time. A mapping file (YAML) maps the project's code and variable names to iwa.
 */
export async function openQdpx(
  path: string,
  options: {
    studyId?: string | undefined;
    mapFile?: string | undefined;
    coder?: string | undefined;
  } = {},
): Promise<OpenResult> {
  let mapping: RefiMappingInput | undefined;
  if (options.mapFile) {
    const text = await readFile(options.mapFile, 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    });
    if (text === undefined)
      return { ok: false, errors: [`${options.mapFile}: no such mapping file`] };
    let raw: unknown;
    try {
      raw = parseYaml(text);
    } catch (err) {
      return {
        ok: false,
        errors: [
          `${options.mapFile}: not valid YAML: ${err instanceof Error ? err.message : String(err)}`,
        ],
      };
    }
    const parsed = RefiMapping.safeParse(raw);
    if (!parsed.success)
      return { ok: false, errors: [`${options.mapFile}: ${z.prettifyError(parsed.error)}`] };
    mapping = raw as RefiMappingInput;
  }
  const opened = await readQdpxManifest(path, {
    ...(mapping === undefined ? {} : { mapping }),
    ...(options.studyId ? { studyId: options.studyId } : {}),
    ...(options.coder ? { defaultCoderId: options.coder } : {}),
  });
  if (!opened.ok) return { ok: false, errors: opened.errors.map((i) => formatQdpxIssue(path, i)) };
  const { project } = opened;
  const extra: ImportSource['extra'] = {};
  const updateExtra = (): void => {
    extra.offsetUnit = project.report.offsetUnit;
    const notCarried: Record<string, number> = {};
    for (const n of project.report.notCarried)
      notCarried[n.element] = (notCarried[n.element] ?? 0) + n.count;
    extra.notCarried = notCarried;
    extra.speakers = { ...project.report.speakers, by: { ...project.report.speakers.by } };
  };
  extra.codeMatches = project.report.mapped.map((m) => ({
    path: m.path ?? m.name,
    key: m.key,
    by: m.by,
  }));
  return {
    ok: true,
    source: {
      description: `REFI-QDA project ${path}`,
      manifest: project.manifest,
      // a getter: the documents add their own warnings while they are read
      get warnings() {
        return [
          ...project.report.warnings.map((w) => formatQdpxIssue(path, w)),
          ...project.report.unmapped.map(
            (u) =>
              `code "${u.path ?? u.name}" is not mapped: it came in as the study code ${u.key}`,
          ),
        ];
      },
      extra,
      async *documents() {
        for await (const item of iterateQdpxDocuments(project)) {
          if (!item.ok)
            yield { ok: false as const, errors: item.errors.map((i) => formatQdpxIssue(path, i)) };
          else yield { ok: true as const, bundle: item.bundle };
        }
        updateExtra();
      },
      contentHash: async () => {
        const hash = createHash('sha256');
        await hashFile(hash, path);
        return `sha256:${hash.digest('hex')}`;
      },
      keepStoredName: true,
    },
  };
}
