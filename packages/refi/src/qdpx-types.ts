import type { OffsetSpace } from '@iwa/study';

/** What went wrong reading a `.qdpx`. New codes may be added; none is ever renamed. */
export type QdpxIssueCode =
  | 'unreadable_file'
  | 'not_a_zip'
  | 'unsafe_path'
  | 'zip_bomb'
  | 'no_project_file'
  | 'invalid_xml'
  | 'doctype'
  | 'invalid_project'
  | 'invalid_utf8'
  | 'missing_source'
  | 'selection_out_of_range'
  | 'unknown_code_ref'
  | 'unknown_reference'
  | 'invalid_mapping'
  | 'invalid_study'
  // warnings
  | 'ignored_extension'
  | 'duplicate'
  | 'defaulted'
  | 'liberal_read';

/** A problem (or, in `report.warnings`, a note) located as precisely as the reader could. */
export interface QdpxIssue {
  readonly code: QdpxIssueCode;
  /** What is wrong and what was expected. */
  readonly message: string;
  /** The zip entry, e.g. `project.qde` or `sources/3F2A….txt`. */
  readonly entry?: string;
  /** 1-based line in the XML file. */
  readonly line?: number;
  /** The element, e.g. `Project/Sources[1]/TextSource[2]/PlainTextSelection[4]`. */
  readonly element?: string;
  /** How to fix it. */
  readonly hint?: string;
}

/**
 * The unit a project's selection offsets count:
 * - `code_point`: Unicode code points over the text with CRLF counted as one (the spec; ATLAS.ti,
 *   MAXQDA, QualCoder, iwa);
 * - `code_point_crlf`: code points with CRLF counted as two (the spec read literally on CRLF text);
 * - `utf16` / `utf16_crlf`: UTF-16 code units (`utf16_crlf`: NVivo for Windows);
 * - `utf8` / `utf8_crlf`: UTF-8 bytes (Taguette).
 *
 * A BOM is never counted.
 */
export type QdpxOffsetUnit =
  'code_point' | 'code_point_crlf' | 'utf16' | 'utf16_crlf' | 'utf8' | 'utf8_crlf';

/** Every {@link QdpxOffsetUnit}, in the order ties are broken (spec first, then NVivo). */
export const QDPX_OFFSET_UNITS: readonly QdpxOffsetUnit[] = [
  'code_point',
  'utf16_crlf',
  'utf16',
  'code_point_crlf',
  'utf8',
  'utf8_crlf',
];

/** The `@iwa/study` offset space of a {@link QdpxOffsetUnit}. */
export function offsetSpaceOf(unit: QdpxOffsetUnit): OffsetSpace {
  const crlf = unit.endsWith('_crlf');
  const base = crlf ? unit.slice(0, -5) : unit;
  return {
    unit: base === 'utf16' ? 'utf16' : base === 'utf8' ? 'utf8' : 'code_point',
    lineEnds: crlf ? 'crlf' : 'lf',
  };
}

/** How the offset unit of one document was chosen. */
export interface DocumentOffsetUnit {
  readonly documentId: string;
  readonly unit: QdpxOffsetUnit;
  /**
   * `forced` (the option), `detected` (this unit fit the selections better than the others),
   * `indifferent` (every unit gives the same spans: ASCII text without CRLF) or `ambiguous`
   * (several units fit equally well; the project's or the spec's unit was taken).
   */
  readonly how: 'forced' | 'detected' | 'indifferent' | 'ambiguous';
}

/** Something of the project that iwa did not carry over, by element. */
export interface QdpxNotCarried {
  /** The element name, e.g. `PDFSource`, `AudioSelection`, `Graph`. */
  readonly element: string;
  readonly count: number;
  readonly reason: string;
}

/** How one code of the project became a code key. */
export interface QdpxCodeMapping {
  readonly name: string;
  /** The names from the root of the codebook down to this code, joined with `/`. */
  readonly path?: string;
  readonly guid?: string;
  readonly key: string;
  /**
   * `mapping` (the mapping file), `guid` (iwa's deterministic GUID of a framework code), `key`
   * (the `iwa key:` line iwa writes in descriptions), `path` (the code's full path of names
   * is a framework code's, e.g. `Cloutier/Structural`), or `none` (unmapped: a study code
   * `theme.<slug>`). `name` is no longer produced: a bare name never maps a code.
   */
  readonly by: 'mapping' | 'guid' | 'key' | 'path' | 'name' | 'none';
  readonly line?: number;
}

/** Who speaks the excerpts, and by which rule (docs/import-from-qda-tools.md, "Speakers"). */
export interface QdpxSpeakerReport {
  /** Excerpts read. */
  excerpts: number;
  /** Excerpts with a speaker (a case or a speaker who is not a case). */
  withSpeaker: number;
  /** Excerpts whose speaker is a case (an informant). */
  byCase: number;
  /** Excerpts by the rule that gave their speaker. */
  by: {
    extension: number;
    selection_ref: number;
    turn_label: number;
    only_case: number;
  };
  /** Speakers who are not cases, by label: built-in interviewer labels, the map, or recurring labels. */
  nonCase: {
    label: string;
    speakerId: string;
    role: string;
    why: 'default' | 'map' | 'recurring';
  }[];
  /** Labels a case's description or variable gives. */
  caseLabels: { label: string; caseId: string }[];
  /** Label-shaped line starts seen once in a document and naming nobody: read as text. */
  unmatched: { label: string; documents: number }[];
  /** Documents in which no excerpt got a speaker (the first 20). */
  documentsWithout: string[];
}

/** What a `.qdpx` import did, for the user to check. */
export interface QdpxImportReport {
  /**
   * The offset unit the selections were read in: the one the documents agreed on, `mixed` when
   * they did not (see `documentOffsetUnits`).
   */
  offsetUnit: QdpxOffsetUnit | 'mixed';
  documentOffsetUnits: DocumentOffsetUnit[];
  /** How many of each thing were read (`sources`, `selections`, …) and made (`excerpts`, …). */
  counts: Record<string, number>;
  notCarried: QdpxNotCarried[];
  /** Codes that map to framework or declared study keys. */
  mapped: QdpxCodeMapping[];
  /** Codes that came in as new study codes (`theme.<slug>`). */
  unmapped: QdpxCodeMapping[];
  warnings: QdpxIssue[];
  speakers: QdpxSpeakerReport;
  /** The project's variables, the values cases and sources give them, and the dimension each becomes. */
  variables: { name: string; values: string[]; dimension: string | undefined }[];
  /** The cases (informants) read, by name. */
  cases: { name: string; id: string }[];
  /** Whether iwa's own extension entry was used (`applied`), not there, or not trusted. */
  extension: 'applied' | 'absent' | 'ignored' | 'disabled';
}
