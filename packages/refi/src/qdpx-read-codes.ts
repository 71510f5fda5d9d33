import { Colour, type StudyCode } from '@iwa/study';
import {
  FRAMEWORK_CODES,
  frameworkCode,
  idSlug as slugify,
  isStudyCodeKeyShape,
  normalizeGuid,
} from '@iwa/taxonomy';
import { frameworkKeyForPath } from './codebook-import.ts';
import { splitDescription } from './codebook-format.ts';
import { lookupByName, looseName } from './qdpx-mapping.ts';
import { attr, kid, kids, own, uniqueId, type ReadContext } from './qdpx-read-context.ts';
import type { QdpxCodeMapping } from './qdpx-types.ts';
import type { XmlElement } from './xml-tree.ts';

/** The codebook as read: each code's iwa key, how it was matched, and the study's own codes. */
export interface CodeIndex {
  /** Code GUID → iwa code key. */
  readonly codeByGuid: Map<string, string>;
  /** Code GUID → its element (for the NoteRefs on codes). */
  readonly codeElementByGuid: Map<string, XmlElement>;
  readonly mapped: QdpxCodeMapping[];
  readonly unmapped: QdpxCodeMapping[];
  readonly studyCodes: StudyCode[];
  /** Codes under the map's performer folder: they name cases, not codes (GUID → name). */
  readonly performerCodes: Map<string, { name: string; el: XmlElement }>;
}

/** How one code element maps to a key: the map, a framework GUID, its key line, its path. */
function matchCode(
  ctx: ReadContext,
  el: XmlElement,
  found: { guid: string | undefined; name: string; path: string[]; keyLine: string | undefined },
): { key: string | undefined; by: QdpxCodeMapping['by'] } {
  const { guid, name, path, keyLine } = found;
  const codes = ctx.mapping.codes;
  const fromMapping =
    (guid === undefined ? undefined : lookupByName(codes, guid)) ??
    (attr(el, 'guid') === undefined ? undefined : lookupByName(codes, attr(el, 'guid') ?? '')) ??
    lookupByName(codes, path.join('/')) ??
    lookupByName(codes, name);
  if (fromMapping !== undefined) return { key: fromMapping, by: 'mapping' };
  const framework = guid === undefined ? undefined : FRAMEWORK_KEY_BY_GUID.get(guid);
  if (framework !== undefined) return { key: framework, by: 'guid' };
  if (
    keyLine !== undefined &&
    (frameworkCode(keyLine) !== undefined || isStudyCodeKeyShape(keyLine))
  )
    return { key: keyLine, by: 'key' };
  // only the full path matches a framework code by name: a bare "Educating" in the project's
  // own folder stays the project's code (issue 16)
  const byPath = frameworkKeyForPath(path);
  return byPath === undefined ? { key: undefined, by: 'none' } : { key: byPath, by: 'path' };
}

const FRAMEWORK_KEY_BY_GUID = new Map(FRAMEWORK_CODES.map((c) => [c.guid, c.key]));

/** Reads `<CodeBook>`: every code mapped to an iwa key (a study code when nothing matches). */
export function readCodes(ctx: ReadContext, root: XmlElement): CodeIndex {
  const index: CodeIndex = {
    codeByGuid: new Map(),
    codeElementByGuid: new Map(),
    mapped: [],
    unmapped: [],
    studyCodes: [],
    performerCodes: new Map(),
  };
  const studyCodeKeys = new Set<string>();
  const takenThemeKeys = new Set<string>();
  const performerFolder =
    ctx.mapping.performers === undefined ? undefined : looseName(ctx.mapping.performers.codeFolder);
  const visitCode = (el: XmlElement, parentKey: string | undefined, parentPath: string[]) => {
    const name = own(attr(el, 'name')?.trim() ?? '');
    const path = [...parentPath, name];
    if (performerFolder !== undefined && looseName(name) === performerFolder) {
      for (const child of kids(el, 'Code')) {
        const childGuid = normalizeGuid(attr(child, 'guid') ?? '');
        if (childGuid !== undefined)
          index.performerCodes.set(childGuid, {
            name: attr(child, 'name')?.trim() ?? '',
            el: child,
          });
      }
      return;
    }
    const guid = normalizeGuid(attr(el, 'guid') ?? '');
    if (!name) ctx.warnings.push(ctx.at('liberal_read', '<Code> has no name', el));
    if (guid === undefined)
      ctx.warnings.push(
        ctx.at('liberal_read', '<Code> has no valid guid; codings cannot refer to it', el),
      );
    const description = kid(el, 'Description')?.text;
    const split = description === undefined ? undefined : splitDescription(description);
    const matched = matchCode(ctx, el, { guid, name, path, keyLine: split?.key });
    const by = matched.by;
    let key = matched.key;
    if (key === undefined) {
      key = uniqueId(`theme.${slugify(name) || 'unnamed'}`, takenThemeKeys);
    } else if (key.startsWith('theme.')) takenThemeKeys.add(key);
    const entry: QdpxCodeMapping = {
      name,
      path: path.join('/'),
      ...(guid ? { guid } : {}),
      key,
      by,
      line: el.line,
    };
    (by === 'none' ? index.unmapped : index.mapped).push(entry);
    if (guid !== undefined) {
      index.codeByGuid.set(guid, key);
      index.codeElementByGuid.set(guid, el);
    }
    if (frameworkCode(key) === undefined && !studyCodeKeys.has(key)) {
      studyCodeKeys.add(key);
      const colour = attr(el, 'color')?.trim();
      const codable = attr(el, 'isCodable')?.trim().toLowerCase();
      index.studyCodes.push({
        key,
        label: name || key,
        ...(parentKey !== undefined && parentKey.includes('.') ? { parent: parentKey } : {}),
        ...(colour !== undefined && Colour.safeParse(colour).success ? { colour } : {}),
        ...(split?.definition ? { description: split.definition } : {}),
        ...(codable === 'false' || codable === '0' ? { isCodable: false } : {}),
      });
    }
    for (const child of kids(el, 'Code')) visitCode(child, key, path);
  };
  for (const c of kids(kid(kid(root, 'CodeBook'), 'Codes'), 'Code')) visitCode(c, undefined, []);
  return index;
}
