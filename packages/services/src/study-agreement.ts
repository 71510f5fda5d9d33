import {
  characterAgreement,
  familyAgreement,
  unitAgreement,
  unitizingAlpha,
  type BootstrapOptions,
  type CharacterAgreementReport,
  type CoderCoding,
  type FamilyAgreementReport,
  type SpanSelection,
  type UnitAgreementReport,
  type UnitizingAlphaReport,
} from '@iwa/analysis';
import { codeFamily } from '@iwa/taxonomy';
import { unknownName } from './did-you-mean.ts';
import { ServiceError } from './service-error.ts';
import { loadStudyVocabulary } from './study-vocabulary.ts';
import {
  getStudy,
  queryCodings,
  queryDocumentCoders,
  queryDocumentTexts,
  type Graph,
} from '@iwa/graph';

/** How agreement is counted: aligned coding units (segments) or every character. */
export type AgreementUnit = 'segment' | 'character';

/**
 * What is measured: `presence` (each code present/absent per unit: percent, alpha, kappa,
 * Fleiss, AC1, Brennan–Prediger, Scott's π), `family` (each code family as one nominal
 * variable, with the check that its codes are used as alternatives, and the code-set alphas),
 * `code-set` (the same report, read for the set-valued MASI and Jaccard alphas) or
 * `unitizing` (Krippendorff's uα, |uα and cuα per family and uα per code, over each document's
 * whole length, gaps included).
 */
export type AgreementMeasure = 'presence' | 'family' | 'code-set' | 'unitizing';

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
  /** Segment unit: which units count (default `all`). */
  spans?: SpanSelection | undefined;
  /** Default `presence`. */
  measure?: AgreementMeasure | undefined;
  /**
   * Bootstrap intervals of alpha (presence and family/code-set: units resampled; unitizing:
   * documents resampled), with P(alpha < each minimum); not for the character unit.
   */
  bootstrap?: BootstrapOptions | undefined;
}

/** The unitizing alphas of a study: per family (its codes as values) and per code (code vs gap). */
export interface StudyUnitizing {
  byFamily: Record<string, UnitizingAlphaReport>;
  byCode: Record<string, UnitizingAlphaReport>;
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
  measure: AgreementMeasure;
  /** Which units count (segment unit; character agreement counts every character). */
  spans: SpanSelection;
  /** Family and code-set measures: one variable per family. */
  families: FamilyAgreementReport | null;
  /** Unitizing measure. */
  unitizing: StudyUnitizing | null;
  /** The bootstrap asked for, or null. */
  bootstrap: BootstrapOptions | null;
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
  spans?: SpanSelection | undefined;
  measure?: AgreementMeasure | undefined;
  bootstrap?: BootstrapOptions | undefined;
}

/**
 * The computation behind {@link studyAgreement}, without the database: unit (segment)
 * agreement with the disagreements quoted from the texts, or character agreement over the whole
 * length of each document. Throws `AnalysisError('invalid_input')` for a `minOverlap` outside
 * (0, 1] or a coding past the end of its document.
 */
export function computeStudyAgreement(input: StudyAgreementInput): StudyAgreement {
  const measure = input.measure ?? 'presence';
  const spans = input.spans ?? 'all';
  const lengths = Object.fromEntries(
    Object.entries(input.documents).map(([id, d]) => [id, Array.from(d.text).length]),
  );
  const common: StudyAgreementCommon = {
    studyId: input.studyId,
    studyCoders: [...input.studyCoders].sort(),
    codersFilter: [...(input.codersFilter ?? [])],
    family: input.family ?? null,
    documents: Object.fromEntries(
      Object.entries(input.documents).map(([id, d]) => [
        id,
        { title: d.title, characters: lengths[id] ?? 0 },
      ]),
    ),
    measure,
    spans,
    bootstrap: input.bootstrap ?? null,
    families:
      measure === 'family' || measure === 'code-set'
        ? familyAgreement(input.codings, {
            minOverlap: input.minOverlap ?? 0.5,
            codersByDocument: input.codersByDocument,
            spans,
            ...(input.bootstrap ? { bootstrap: input.bootstrap } : {}),
          })
        : null,
    unitizing: measure === 'unitizing' ? studyUnitizing(input, lengths) : null,
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
    spans,
    codersByDocument: input.codersByDocument,
    texts: Object.fromEntries(Object.entries(input.documents).map(([id, d]) => [id, d.text])),
    ...(input.bootstrap && measure === 'presence' ? { bootstrap: input.bootstrap } : {}),
  });
  return { ...common, unit: 'segment', minOverlap, report };
}

function studyUnitizing(
  input: StudyAgreementInput,
  documentLengths: Record<string, number>,
): StudyUnitizing {
  const options = {
    documentLengths,
    codersByDocument: input.codersByDocument,
    ...(input.bootstrap ? { bootstrap: input.bootstrap } : {}),
  };
  const byFamily = new Map<string, CoderCoding[]>();
  const byCode = new Map<string, CoderCoding[]>();
  for (const c of input.codings) {
    const f = codeFamily(c.code);
    for (const [map, key] of [
      [byFamily, f],
      [byCode, c.code],
    ] as const) {
      const list = map.get(key);
      if (list === undefined) map.set(key, [c]);
      else list.push(c);
    }
  }
  const run = (m: Map<string, CoderCoding[]>): Record<string, UnitizingAlphaReport> =>
    Object.fromEntries(
      [...m.keys()].sort().map((k) => [k, unitizingAlpha(m.get(k) ?? [], options)]),
    );
  return { byFamily: run(byFamily), byCode: run(byCode) };
}

/**
 * Checks the coders and the family of an agreement request against the study, so that a typo
 * is refused with a did-you-mean instead of answered with an empty report: throws
 * `ServiceError('not_found')` for an unknown study and `ServiceError('invalid_query')` for an
 * unknown coder or family, or `--spans both-coded` or a bootstrap with the character unit.
 */
export async function checkAgreementRequest(
  graph: Graph,
  params: StudyAgreementParams,
): Promise<void> {
  const vocabulary = await loadStudyVocabulary(graph, params.studyId);
  if (params.coders !== undefined && params.coders.length > 0)
    vocabulary.coderChoice({ coders: params.coders });
  if (params.family !== undefined) {
    const known = vocabulary.families.map((f) => f.key);
    if (!known.includes(params.family))
      throw unknownName({ what: 'code family', asked: params.family, known });
  }
  if (params.unit === 'character' && params.spans === 'both-coded') {
    throw new ServiceError(
      'invalid_query',
      'spans both-coded selects aligned units; character agreement counts every character (use --unit segment)',
    );
  }
  if (params.unit === 'character' && params.bootstrap !== undefined) {
    throw new ServiceError(
      'invalid_query',
      'bootstrap intervals resample units or documents; characters are not independent observations (use --unit segment)',
    );
  }
  if (params.unit === 'character' && (params.measure ?? 'presence') !== 'presence') {
    throw new ServiceError(
      'invalid_query',
      `measure ${params.measure} forms its own units; it cannot be combined with --unit character`,
    );
  }
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
    spans: params.spans,
    measure: params.measure,
    bootstrap: params.bootstrap,
  });
}
