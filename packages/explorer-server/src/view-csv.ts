import { toCsv } from '@iwa/services/analysis';
import type {
  AgreementResponse,
  AgreementRow,
  AgreementValue,
  ClaimsResponse,
  PhasesResponse,
} from './api-types.ts';

/*
 * The CSV files the explorer's views offer, made on the server from the same response the view
 * shows (the route answers both from one use case call) and written by the services' one CSV
 * writer (csv-stringify, formula guard, CRLF, a BOM so spreadsheets read UTF-8).
 */

/** The claims view: one row per claim with its verdict, numbers and cited excerpts. */
export function claimsCsv(res: ClaimsResponse): string {
  return toCsv(
    ['id', 'statement', 'holds', 'numbers', 'explanation', 'excerpt_ids'],
    res.claims.map((c) => [
      c.id,
      c.statement,
      c.holds === null ? 'undecided' : String(c.holds),
      Object.entries(c.numbers)
        .map(([k, v]) => `${k}=${v}`)
        .join('; '),
      c.explanation,
      c.excerptIds.join(' '),
    ]),
    { bom: true },
  );
}

/** The phases view: every recorded or inferred phase event of every organisation. */
export function phasesCsv(res: PhasesResponse): string {
  return toCsv(
    [
      'organisation_id',
      'organisation',
      'seq',
      'type',
      'at',
      'from_state',
      'to_state',
      'confidence',
      'recorded_by',
      'evidence',
    ],
    res.organisations.flatMap((o) =>
      o.events.map((e) => [
        o.organisationId,
        o.organisationName,
        e.seq,
        e.type,
        e.at,
        e.fromState,
        e.toState,
        e.confidence,
        e.recordedBy,
        e.evidence.join(' '),
      ]),
    ),
    { bom: true },
  );
}

const STATS = ['pairwisePct', 'allAgreePct', 'alpha', 'kappa', 'fleiss'] as const;

/** The agreement view's table: overall, per family and per code, with why a value is undefined. */
export function agreementTableCsv(res: AgreementResponse): string {
  const cell = (v: AgreementValue) => (v.value === null ? 'undefined' : v.value);
  const level = (kind: string, r: AgreementRow) => [
    kind,
    r.key,
    r.label,
    r.items,
    r.itemsCoded,
    ...STATS.map((s) => cell(r[s])),
    STATS.filter((s) => r[s].value === null)
      .map((s) => `${s}: ${r[s].reason ?? ''}`)
      .join('; '),
  ];
  return toCsv(
    [
      'level',
      'key',
      'label',
      'items',
      'items_coded',
      'pairwise_agreement_pct',
      'all_agree_pct',
      'krippendorff_alpha',
      'cohen_kappa',
      'fleiss_kappa',
      'undefined_reasons',
    ],
    [
      level('overall', res.overall),
      ...res.byFamily.map((r) => level('family', r)),
      ...res.byCode.map((r) => level('code', r)),
    ],
    { bom: true },
  );
}
