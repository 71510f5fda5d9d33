import type { CodeRow } from '@iwa/graph';
import type { StudyManifest } from '@iwa/study';
import { FAMILY_WORK, FRAMEWORK_CODES, IWA_NAMESPACE, codeFamily, uuidv5 } from '@iwa/taxonomy';

/** The codes a study stores: every framework code, then the study's own codes. */
export function codeRowsFor(manifest: StudyManifest): CodeRow[] {
  const framework: CodeRow[] = FRAMEWORK_CODES.map((c) => ({
    key: c.key,
    label: c.label,
    family: c.family,
    framework: FAMILY_WORK[c.family],
    parentKey: c.parentKey ?? undefined,
    isCodable: c.isCodable,
    guid: c.guid,
    colour: c.color,
    description: c.definition,
  }));
  const study: CodeRow[] = manifest.codebook.codes.map((c) => ({
    key: c.key,
    label: c.label,
    family: codeFamily(c.key),
    framework: 'study',
    parentKey: c.parent,
    isCodable: c.isCodable ?? true,
    guid: uuidv5(`study:${manifest.id}:${c.key}`, IWA_NAMESPACE),
    colour: c.colour,
    description: c.description,
  }));
  return [...framework, ...study];
}
