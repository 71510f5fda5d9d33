import { decodeUtf8, normaliseText } from '@iwa/study';
import { idSlug as slugify } from '@iwa/taxonomy';
import { kid, zipIssue, type ReadContext } from './qdpx-read-context.ts';
import type { CaseIndex } from './qdpx-read-cases.ts';
import type { RawSource } from './qdpx-read-sources.ts';
import { countLabels, findLabels, planSpeakers, type SpeakerRules } from './qdpx-speakers.ts';
import type { QdpxIssue } from './qdpx-types.ts';
import type { ZipReader } from './qdpx-zip.ts';

/** A source's text, decoded (strict UTF-8) and normalised (no BOM, LF line ends). */
export async function sourceText(
  reader: ZipReader,
  src: RawSource,
): Promise<
  | { ok: true; text: string; crlfAt: ReturnType<typeof normaliseText>['crlfAt'] }
  | { ok: false; errors: QdpxIssue[] }
> {
  const label = src.name ?? src.guid;
  let raw: string;
  if ('inline' in src.text) raw = src.text.inline;
  else {
    const bytes = await reader.read(src.text.entry);
    if (!bytes.ok) return { ok: false, errors: [zipIssue(bytes.problem)] };
    const utf8 = decodeUtf8(bytes.bytes);
    if (!utf8.ok) {
      return {
        ok: false,
        errors: [
          {
            code: 'invalid_utf8',
            message: `the source text of "${label}" is not valid UTF-8 (first bad byte at offset ${utf8.byteOffset})`,
            entry: src.text.entry,
            hint: 'REFI-QDA plain-text sources are UTF-8; re-save the file as UTF-8',
          },
        ],
      };
    }
    raw = utf8.text;
  }
  const normal = normaliseText(raw);
  return { ok: true, text: normal.text, crlfAt: normal.crlfAt };
}

/**
 * Speakers (REFI-QDA has no element for them), read by the rules of qdpx-speakers.ts: the turn
 * labels of every source (each text read once, one at a time), the cases and the map.
 */
export async function planDocumentSpeakers(
  ctx: ReadContext,
  deps: { reader: ZipReader; cases: CaseIndex; sources: RawSource[] },
): Promise<SpeakerRules> {
  const documentLabels: Map<string, { name: string; count: number }>[] = [];
  for (const src of deps.sources) {
    const read = await sourceText(deps.reader, src);
    documentLabels.push(
      read.ok
        ? countLabels(findLabels(read.text))
        : new Map<string, { name: string; count: number }>(),
    );
  }
  const planned = planSpeakers({
    cases: deps.cases.cases
      .filter((c) => c.kind === 'informant')
      .map((c) => ({
        id: c.id,
        name: c.name,
        description: kid(c.el, 'Description')?.text,
        values: c.values,
      })),
    map: ctx.mapping.speakers,
    documentLabels,
    slug: slugify,
  });
  for (const message of planned.problems) ctx.errors.push({ code: 'invalid_mapping', message });
  for (const src of deps.sources) {
    const people = src.participants.filter((p) => !planned.rules.interviewerCases.has(p));
    src.onlyCase = people.length === 1 ? people[0] : undefined;
  }
  return planned.rules;
}
