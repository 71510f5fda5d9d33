import type { AgreementSummary, BootstrapOptions } from '@iwa/analysis';
import type { Graph } from '@iwa/graph';
import {
  agreementCsv,
  agreementTables,
  checkAgreementRequest,
  ServiceError,
  studyAgreement,
  type StudyAgreement,
  type StudyAgreementParams,
} from '@iwa/services';
import type { AgreementReportQuery, AgreementReportResponse } from './agreement-types.ts';
import type {
  AgreementQuery,
  AgreementResponse,
  AgreementRow,
  AgreementValue,
} from './api-types.ts';
import { ExplorerError } from './explorer-error.ts';

/** Display labels of a study's code families and codes (keys without a label show the key). */
export interface AgreementLabels {
  families: ReadonlyMap<string, string>;
  codes: ReadonlyMap<string, string>;
}

/** Throws `family: unknown code family` (400) unless the study has the family asked for. */
export function checkAgreementFamily(query: AgreementQuery, labels: AgreementLabels): void {
  if (query.family !== undefined && !labels.families.has(query.family)) {
    throw new ExplorerError(
      'invalid_request',
      `family: unknown code family "${query.family}" (the study's families: ${[...labels.families.keys()].join(', ')})`,
    );
  }
}

function value(v: { value: number | null; reason?: string }): AgreementValue {
  if (v.value === null) return { value: null, reason: v.reason ?? 'undefined for these data' };
  if (!Number.isFinite(v.value)) return { value: null, reason: 'not a finite number' };
  return { value: v.value, reason: null };
}

function row(key: string, label: string, s: AgreementSummary): AgreementRow {
  const pa = s.percentAgreement;
  return {
    key,
    label,
    items: s.items,
    itemsCoded: s.itemsCoded,
    pairwisePct: 'pairwise' in pa ? value({ value: pa.pairwise * 100 }) : value(pa),
    allAgreePct: 'allAgree' in pa ? value({ value: pa.allAgree * 100 }) : value(pa),
    alpha: value(s.alpha),
    kappa: value(s.kappa),
    fleiss: value(s.fleiss),
  };
}

/**
 * The API's agreement response from the services' {@link StudyAgreement}: coefficients as
 * value-or-reason, percentages 0–100, documents and codes with their labels, at most
 * `query.limit` disagreements. Throws `coders: unknown coder` (400) when a coder asked for has no
 * coding in the study.
 */
export function agreementResponse(
  result: StudyAgreement,
  query: AgreementQuery,
  labels: AgreementLabels,
): AgreementResponse {
  const unknown = (query.coders ?? []).filter((c) => !result.studyCoders.includes(c));
  if (unknown.length > 0) {
    const known = result.studyCoders.length > 0 ? result.studyCoders.join(', ') : 'none';
    throw new ExplorerError(
      'invalid_request',
      `coders: unknown coder${unknown.length > 1 ? 's' : ''} ${unknown.map((c) => `"${c}"`).join(', ')} (the study's coders: ${known})`,
    );
  }
  const title = (documentId: string) => result.documents[documentId]?.title ?? documentId;
  const { report } = result;
  const disagreements = result.unit === 'segment' ? result.report.disagreements : [];
  return {
    unit: result.unit,
    minOverlap: result.unit === 'segment' ? result.minOverlap : null,
    family: result.family,
    studyCoders: result.studyCoders,
    coders: [...report.coders],
    units: result.unit === 'segment' ? result.report.units : result.report.characters,
    caveat: result.unit === 'character' ? result.report.caveat : null,
    overall: row('overall', 'All codes', report.overall),
    byFamily: Object.entries(report.byFamily).map(([k, s]) =>
      row(k, labels.families.get(k) ?? k, s),
    ),
    byCode: Object.entries(report.byCode).map(([k, s]) => row(k, labels.codes.get(k) ?? k, s)),
    byDocument: Object.entries(report.byDocument).map(([k, s]) => row(k, title(k), s)),
    skippedDocuments: report.skippedDocuments.map((d) => ({
      documentId: d.documentId,
      documentTitle: title(d.documentId),
      reason: d.reason,
    })),
    disagreements: {
      total: disagreements.length,
      items: disagreements.slice(0, query.limit).map((d) => ({
        documentId: d.documentId,
        documentTitle: title(d.documentId),
        start: d.start,
        end: d.end,
        codes: Object.entries(d.codes).map(([coder, codes]) => ({ coder, codes: [...codes] })),
        disputed: [...d.disputed],
        text: d.text ?? '',
      })),
    },
  };
}

/** The bootstrap `iwa agreement --ci` runs, from the report query; none without `ci`. */
function bootstrapOf(query: AgreementReportQuery): BootstrapOptions | undefined {
  if (!query.ci) return undefined;
  return { resamples: query.resamples, seed: query.seed, minimums: query.minimums ?? [0.667, 0.8] };
}

/**
 * The agreement report of `GET /api/studies/:id/agreement/report`: the same services calls as
 * `iwa agreement` (checkAgreementRequest, studyAgreement, agreementTables, agreementCsv), so that
 * the tab, its CSV and the CLI show the same numbers under the same headers. Null for an unknown
 * study; an unknown coder or family is `invalid_request` with the services' did-you-mean.
 */
export async function agreementReport(
  graph: Graph,
  studyId: string,
  query: AgreementReportQuery,
): Promise<AgreementReportResponse | null> {
  const bootstrap = bootstrapOf(query);
  const params: StudyAgreementParams = {
    studyId,
    coders: query.coders ?? [],
    family: query.family,
    unit: query.unit,
    minOverlap: query.minOverlap ?? 0.5,
    spans: query.spans,
    measure: query.measure,
    bootstrap,
  };
  let result: StudyAgreement | undefined;
  try {
    await checkAgreementRequest(graph, params);
    result = await studyAgreement(graph, params);
  } catch (err) {
    if (err instanceof ServiceError) {
      if (err.code === 'not_found') return null;
      throw new ExplorerError('invalid_request', err.message, { cause: err });
    }
    throw err;
  }
  if (result === undefined) return null;
  const tables = agreementTables(result);
  return {
    studyCoders: result.studyCoders,
    coders: [...result.report.coders],
    measure: result.measure,
    unit: result.unit,
    spans: result.spans,
    family: result.family,
    tables,
    csv: agreementCsv(tables),
  };
}
