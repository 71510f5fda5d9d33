import { readQdpxManifest, type ReadQdpxOptions } from './qdpx-import.ts';
import { vocabularySlug } from './qdpx-mapping.ts';
import type { QdpxIssue } from './qdpx-types.ts';
import type { ZipInput } from './qdpx-zip.ts';

/*
 * `iwa study map <project.qdpx>`: a commented map file listing everything of a project the
 * importer maps — every code path, variable and value, speaker label and case — with what the
 * importer would do without a map and why. The researcher edits it and imports with `--map`.
 * The format is RefiMapping's (docs/import-from-qda-tools.md).
 */

/** A YAML scalar: plain when safe, else double-quoted (JSON strings are YAML). */
const q = (s: string): string =>
  /^[\p{L}][\p{L}\p{N} _.-]*$/u.test(s) &&
  !/[ ]$/.test(s) &&
  !/^(true|false|yes|no|null|on|off)$/i.test(s)
    ? s
    : JSON.stringify(s);

/**
 * Writes the map template of a project, or returns the errors that keep it from being read.
 *
 * @example
 * const res = await qdpxMapTemplate('nvivo-export.qdpx');
 * if (res.ok) await writeFile('map.yaml', res.text);
 */
export async function qdpxMapTemplate(
  input: ZipInput,
  options: Pick<ReadQdpxOptions, 'limits'> = {},
): Promise<{ ok: true; text: string } | { ok: false; errors: QdpxIssue[] }> {
  const read = await readQdpxManifest(input, { ...options, extension: false });
  if (!read.ok) return read;
  const { report } = read.project;
  const lines: string[] = [
    '# iwa map file for a REFI-QDA project (docs/import-from-qda-tools.md).',
    '# Every entry below is what the importer does without a map; edit the ones you want',
    '# otherwise and import with: iwa study import <project.qdpx> --map <this file>',
    '# Entries left commented out change nothing.',
    '',
    '# codes: project code path (or GUID) -> iwa code key (form.*, purpose.*, lns.*, pillar.*,',
    '# theme.*, flag.*). A code maps onto a framework code only here or when its full path of',
    "# names is the framework's own (e.g. Cloutier/Structural).",
    'codes:',
  ];
  const codes = [...report.mapped, ...report.unmapped].sort(
    (a, b) => (a.line ?? 0) - (b.line ?? 0),
  );
  for (const c of codes) {
    const why =
      c.by === 'none'
        ? 'no match: comes in as the project code'
        : c.by === 'path'
          ? 'exact match of the full path to a framework code'
          : c.by === 'guid'
            ? "iwa's own GUID of the framework code"
            : c.by === 'key'
              ? "the iwa key line in the code's description"
              : 'the map';
    lines.push(`  # ${q(c.path ?? c.name)}: ${c.key}    # ${why}`);
  }
  if (codes.length === 0) lines.push('  {}');
  lines.push(
    '',
    '# variables: variable name -> position dimension (role, sector, tier, level, authority,',
    "# embeddedness, dualEmployment), with values renamed onto the dimension's vocabulary.",
    '# Variables not mapped stay case variables, usable as matrix rows under their own name.',
    'variables:',
  );
  for (const v of report.variables) {
    const values = v.values.slice(0, 30).map((x) => `${q(x)}: ${vocabularySlug(x)}`);
    lines.push(
      `  # ${q(v.name)}: ${v.dimension === undefined ? '{ dimension: <dimension> }    # no match: stays a case variable' : `{ dimension: ${v.dimension} }    # the name is the dimension's`}`,
    );
    if (values.length > 0) lines.push(`  #   values seen: { ${values.join(', ')} }`);
  }
  lines.push(
    '',
    "# speakers: turn label -> a case name, participant (the source's only case), interviewer,",
    '# moderator, observer, other (a speaker who is no case), or ignore (not a turn label).',
    'speakers:',
  );
  for (const n of report.speakers.nonCase)
    lines.push(
      `  # ${q(n.label)}: ${n.role === 'other' ? 'other' : n.role}    # ${n.why === 'default' ? 'a built-in label' : n.why === 'map' ? 'the map' : 'opens turns in a document and names no case'}`,
    );
  for (const l of report.speakers.caseLabels)
    lines.push(`  # ${q(l.label)}: ${l.caseId}    # a label the case gives itself`);
  for (const u of report.speakers.unmatched)
    lines.push(`  # ${q(u.label)}: ignore    # seen once in a document: read as text`);
  lines.push('', '# the cases of the project (turn labels equal to a case name need no entry):');
  for (const c of report.cases) lines.push(`#   ${c.name}`);
  lines.push(
    '',
    "# what a case's SelectionRef means: speaker (the case speaks there; NVivo and MAXQDA habit),",
    '# performer, or ignore',
    'selectionRefs: speaker',
    '',
    '# a code folder whose children are named after cases who perform the work coded there:',
    '# performers: { codeFolder: Performed by }',
    '',
  );
  return { ok: true, text: lines.join('\n') };
}
