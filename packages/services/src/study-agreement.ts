import {
  characterAgreement,
  unitAgreement,
  type CharacterAgreementReport,
  type CoderCoding,
  type UnitAgreementReport,
} from '@iwa/analysis';
import {
  getStudy,
  queryCodings,
  queryDocumentCoders,
  queryDocumentTexts,
  type Graph,
} from '@iwa/graph';

/** How agreement is counted: aligned coding units (segments) or every character. */
export type AgreementUnit = 'segment' | 'character';

/** Parameters of {@link studyAgreement}. */
export interface StudyAgreementParams {
  studyId: string;
  /** Only these coders; left out or empty: every coder of the study. */
  coders?: readonly string[] | undefined;
  /** Only codes of this family (`form`, `purpose`, `lns`, `pillar`, `theme`, `flag`, a study's own). */
  family?: string | undefined;
  /** Default `segment`. */
  unit?: AgreementUnit | undefined;
  /**
   * Segment unit only: two coders' codings are one unit when they overlap by at least this
   * share of their union. In (0, 1]; default 0.5.
   */
  minOverlap?: number | undefined;
}

/** A document of the study as the agreement report names it. */
export interface AgreementDocument {
  title: string;
  /** Length of the text in Unicode code points (the unit of every offset). */
  characters: number;
}

interface StudyAgreementCommon {
  studyId: string;
  /** Every coder with at least one coding in the study, whatever the `coders` filter; sorted. */
  studyCoders: string[];
  /** The coders asked for (empty: every coder). */
  codersFilter: string[];
  /** The family asked for, or null for every family. */
  family: string | null;
  /** Every document of the study by id, so that a report can show titles instead of ids. */
  documents: Record<string, AgreementDocument>;
}

/**
 * Agreement between a study's coders, as plain data (JSON-serialisable: `JSON.stringify` turns
 * the rare infinite z of a kappa into null). `report` is `@iwa/analysis`'s report unchanged.
 */
export type StudyAgreement =
  | (StudyAgreementCommon & { unit: 'segment'; minOverlap: number; report: UnitAgreementReport })
  | (StudyAgreementCommon & { unit: 'character'; report: CharacterAgreementReport });

/** What {@link computeStudyAgreement} needs: the study's codings, coders and documents. */
export interface StudyAgreementInput {
  studyId: string;
  /** The codings to assess (already filtered by coder and family). */
  codings: readonly CoderCoding[];
  /** The coders of each document (filtered by coder, not by family). */
  codersByDocument: Readonly<Record<string, readonly string[]>>;
  studyCoders: readonly string[];
  documents: Readonly<Record<string, { title: string; text: string }>>;
  codersFilter?: readonly string[] | undefined;
  family?: string | undefined;
  unit?: AgreementUnit | undefined;
  minOverlap?: number | undefined;
}

/**
 * The computation behind {@link studyAgreement}, without the database: unit (segment)
 * agreement with the disagreements quoted from the texts, or character agreement over the whole
 * length of each document. Throws `AnalysisError('invalid_input')` for a `minOverlap` outside
 * (0, 1] or a coding past the end of its document.
 */
export function computeStudyAgreement(input: StudyAgreementInput): StudyAgreement {
  const common: StudyAgreementCommon = {
    studyId: input.studyId,
    studyCoders: [...input.studyCoders].sort(),
    codersFilter: [...(input.codersFilter ?? [])],
    family: input.family ?? null,
    documents: Object.fromEntries(
      Object.entries(input.documents).map(([id, d]) => [
        id,
        { title: d.title, characters: Array.from(d.text).length },
      ]),
    ),
  };
  if (input.unit === 'character') {
    const report = characterAgreement(input.codings, {
      documentLengths: Object.fromEntries(
        Object.entries(common.documents).map(([id, d]) => [id, d.characters]),
      ),
    });
    return { ...common, unit: 'character', report };
  }
  const minOverlap = input.minOverlap ?? 0.5;
  const report = unitAgreement(input.codings, {
    minOverlap,
    codersByDocument: input.codersByDocument,
    texts: Object.fromEntries(Object.entries(input.documents).map(([id, d]) => [id, d.text])),
  });
  return { ...common, unit: 'segment', minOverlap, report };
}

/**
 * Agreement between the coders of a study (issue #9): reads the codings, who coded which
 * document and the document texts, and computes percent agreement, Krippendorff's alpha,
 * Cohen's kappa (two coders) and Fleiss' kappa per code, family, document and overall, with
 * the disagreements (segment unit). A coder counts as having coded a document when they have
 * any coding in it, of any family: their missing codes of the chosen family are absences.
 * Undefined when the study does not exist.
 */
export async function studyAgreement(
  graph: Graph,
  params: StudyAgreementParams,
): Promise<StudyAgreement | undefined> {
  const { studyId } = params;
  if (!(await getStudy(graph, { studyId }))) return undefined;
  const coders = [...(params.coders ?? [])];
  const codings = await queryCodings(graph, { studyId, coders, family: params.family });
  const codersByDocument = await queryDocumentCoders(graph, { studyId, coders });
  const everyCoder =
    coders.length === 0 ? codersByDocument : await queryDocumentCoders(graph, { studyId });
  const documents = await queryDocumentTexts(graph, { studyId });
  return computeStudyAgreement({
    studyId,
    codings,
    codersByDocument,
    studyCoders: [...new Set(Object.values(everyCoder).flat())],
    documents,
    codersFilter: coders,
    family: params.family,
    unit: params.unit,
    minOverlap: params.minOverlap,
  });
}
