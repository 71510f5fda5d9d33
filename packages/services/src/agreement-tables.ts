import type { AgreementSummary, BootstrapInterval, UnitizingAlphaReport } from '@iwa/analysis';
import { toCsv } from './csv.ts';
import type { StudyAgreement } from './study-agreement.ts';

/** A cell: a number, text, or null for an undefined coefficient (`undefined` in text, empty in CSV). */
export type AgreementCell = string | number | null;

/** One table of an agreement report, with the settings it was computed under. */
export interface AgreementTable {
  title: string;
  /** What the numbers mean: measure, unit, spans, coders, bootstrap. Printed above the table and as CSV comment rows. */
  settings: string;
  header: string[];
  rows: AgreementCell[][];
  /** Why a coefficient is undefined, once per distinct reason. */
  notes: string[];
}

type Maybe = { value: number | null; reason?: string } | null | undefined;

function settingsOf(result: StudyAgreement): string {
  const parts = [`measure ${result.measure}`];
  if (result.unit === 'character') parts.push('unit character (every character of each document)');
  else if (result.measure === 'unitizing')
    parts.push("units: each coder's spans on each document's whole length, gaps included");
  else {
    parts.push(
      `unit segment (codings overlapping ≥ ${Math.round(result.minOverlap * 100)}% of their union)`,
    );
    const single = result.report.singleCoderUnits;
    parts.push(
      result.spans === 'all'
        ? `spans all (${single} unit(s) coded by one coder only count as disagreement)`
        : `spans both-coded (${single} unit(s) coded by one coder only left out)`,
    );
  }
  parts.push(`coders ${result.report.coders.join(', ')}`);
  if (result.family !== null) parts.push(`family ${result.family}`);
  const b = result.bootstrap;
  if (b !== null && result.unit === 'segment') {
    parts.push(
      `bootstrap over ${result.measure === 'unitizing' ? 'documents' : 'units'}: ${b.resamples ?? 1000} resamples, seed ${b.seed ?? 1}, ${Math.round((b.level ?? 0.95) * 100)}% percentile interval`,
    );
  }
  return parts.join('; ');
}

/** The cell makers every agreement table uses, and the list the tables are added to. */
interface TableKit {
  /** A value's cell, or null with its reason kept as a note of the table. */
  v: (x: Maybe) => AgreementCell;
  /** The interval cells (low, high, P(below each minimum)), or nulls with the reason noted. */
  interval: (x: BootstrapInterval | { value: null; reason: string } | null) => AgreementCell[];
  intervalHeader: (name: string) => string[];
  /** Adds a table with the notes gathered since the last one. */
  done: (t: Omit<AgreementTable, 'notes' | 'settings'>) => void;
  tables: AgreementTable[];
}

function tableKit(result: StudyAgreement): TableKit {
  const settings = settingsOf(result);
  const notes = new Set<string>();
  const v = (x: Maybe): AgreementCell => {
    if (x === null || x === undefined) return null;
    if (x.value === null || !Number.isFinite(x.value)) {
      if (x.reason) notes.add(x.reason);
      return null;
    }
    return x.value;
  };
  const interval = (
    x: BootstrapInterval | { value: null; reason: string } | null,
  ): AgreementCell[] => {
    if (x === null) return [];
    if (!('lower' in x)) {
      if (x.value === null) notes.add(x.reason);
      const mins = result.bootstrap?.minimums ?? [];
      return [null, null, ...mins.map(() => null)];
    }
    return [x.lower, x.upper, ...x.belowMinimum.map((m) => m.probability)];
  };
  const intervalHeader = (name: string): string[] =>
    result.bootstrap === null
      ? []
      : [
          `${name} CI low`,
          `${name} CI high`,
          ...(result.bootstrap.minimums ?? []).map((m) => `P(${name} < ${m})`),
        ];
  const tables: AgreementTable[] = [];
  const done = (t: Omit<AgreementTable, 'notes' | 'settings'>): void => {
    tables.push({ ...t, settings, notes: [...notes] });
    notes.clear();
  };
  return { v, interval, intervalHeader, done, tables };
}

/**
 * The tables of an agreement report as the CLI prints them and the CSV export writes them:
 * one function, so that text, CSV and any other view show the same numbers under the same
 * header.
 */
export function agreementTables(result: StudyAgreement): AgreementTable[] {
  const kit = tableKit(result);
  if (result.measure === 'family' || result.measure === 'code-set') familyTables(result, kit);
  else if (result.measure === 'unitizing') unitizingTables(result, kit);
  else presenceTables(result, kit);
  return kit.tables;
}

/** `--measure family` (one nominal variable per family) or `code-set` (set-valued alpha). */
function familyTables(
  result: StudyAgreement,
  { v, interval, intervalHeader, done }: TableKit,
): void {
  const fams = Object.values(result.families?.byFamily ?? {});
  if (result.measure === 'family') {
    done({
      title: 'Agreement per code family (one nominal variable per family)',
      header: [
        'family',
        'units',
        'one-coder units',
        'alternatives',
        '% agree',
        'alpha',
        ...intervalHeader('alpha'),
        'AC1',
        'Brennan-Prediger',
        "Scott's pi",
        "Conger's kappa",
        'alpha MASI',
      ],
      rows: fams.map((f) => [
        f.family,
        f.units,
        f.singleCoderUnits,
        f.use.alternatives ? 'yes' : `no (${f.use.multiCodedValues} multi-coded)`,
        v(f.percent) === null ? null : (v(f.percent) as number) * 100,
        v(f.nominalAlpha),
        ...interval(f.nominalAlphaInterval),
        v(f.chance.gwet),
        v(f.chance.brennanPrediger),
        v(f.chance.scottsPi),
        v(f.chance.conger),
        v(f.masiAlpha),
      ]),
    });
  } else {
    done({
      title: 'Agreement on code sets per family (set-valued alpha)',
      header: [
        'family',
        'units',
        'one-coder units',
        'multi-coded values',
        'alpha MASI',
        ...intervalHeader('alpha MASI'),
        'alpha Jaccard',
      ],
      rows: fams.map((f) => [
        f.family,
        f.units,
        f.singleCoderUnits,
        f.use.multiCodedValues,
        v(f.masiAlpha),
        ...interval(f.masiAlphaInterval),
        v(f.jaccardAlpha),
      ]),
    });
  }
}

/** `--measure unitizing`: Krippendorff's u-alphas per family and per code. */
function unitizingTables(
  result: StudyAgreement,
  { v, interval, intervalHeader, done }: TableKit,
): void {
  const row = (name: string, r: UnitizingAlphaReport): AgreementCell[] => [
    name,
    r.length,
    r.segments,
    v(r.uAlpha),
    ...interval(r.uAlphaInterval),
    v(r.binaryUAlpha),
    v(r.cuAlpha),
  ];
  const header = [
    '',
    'characters',
    'segments',
    'u-alpha',
    ...intervalHeader('u-alpha'),
    '|u-alpha',
    'cu-alpha',
  ];
  done({
    title: "Unitizing agreement per family (Krippendorff's u-alphas, gaps included)",
    header,
    rows: Object.entries(result.unitizing?.byFamily ?? {}).map(([k, r]) => row(k, r)),
  });
  done({
    title: 'Unitizing agreement per code (the code against gaps)',
    header,
    rows: Object.entries(result.unitizing?.byCode ?? {}).map(([k, r]) => row(k, r)),
  });
}

/** Presence (segments or characters): per code and family with intervals, then per document. */
function presenceTables(
  result: StudyAgreement,
  { v, interval, intervalHeader, done }: TableKit,
): void {
  // Intervals of alpha: segment presence with a bootstrap (units resampled), per code and
  // family; the per-document table has none.
  const intervals = result.unit === 'segment' ? result.report.alphaIntervals : null;
  const withIntervals = (h: string[]): string[] =>
    intervals === null ? h : [...h.slice(0, 5), ...intervalHeader('alpha'), ...h.slice(5)];
  const withInterval = (
    row: AgreementCell[],
    x: BootstrapInterval | { value: null; reason: string } | undefined,
  ): AgreementCell[] =>
    intervals === null
      ? row
      : [
          ...row.slice(0, 5),
          ...interval(x ?? { value: null, reason: 'no interval' }),
          ...row.slice(5),
        ];
  const header = [
    '',
    'items',
    'coded',
    '% agree',
    'alpha',
    'kappa',
    'fleiss',
    'AC1',
    'Brennan-Prediger',
    "Scott's pi",
  ];
  const summaryRow = (name: string, s: AgreementSummary): AgreementCell[] => {
    const pa = s.percentAgreement;
    return [
      name,
      s.items,
      s.itemsCoded,
      'pairwise' in pa ? pa.pairwise * 100 : v(pa),
      v(s.alpha),
      v(s.kappa),
      v(s.fleiss),
      v(s.ac1),
      v(s.brennanPrediger),
      v(s.scottsPi),
    ];
  };
  const report = result.report;
  done({
    title:
      result.unit === 'character'
        ? 'Character-level agreement per code (present/absent)'
        : `Segment agreement per code (present/absent), ${result.report.units} units`,
    header: withIntervals(header),
    rows: [
      withInterval(summaryRow('overall', report.overall), intervals?.overall),
      ...Object.entries(report.byFamily).map(([k, s]) =>
        withInterval(summaryRow(`family ${k}`, s), intervals?.byFamily[k]),
      ),
      ...Object.entries(report.byCode).map(([k, s]) =>
        withInterval(summaryRow(k, s), intervals?.byCode[k]),
      ),
    ],
  });
  done({
    title: 'Agreement per document',
    header: ['document', ...header.slice(1)],
    rows: Object.entries(report.byDocument).map(([k, s]) =>
      summaryRow(result.documents[k]?.title ?? k, s),
    ),
  });
}

/** The tables as one CSV: per table, a title row, a settings row, the header and the rows. */
export function agreementCsv(tables: readonly AgreementTable[]): string {
  const width = Math.max(...tables.map((t) => t.header.length));
  const pad = (row: readonly AgreementCell[]): AgreementCell[] => [
    ...row,
    ...Array.from({ length: width - row.length }, () => null),
  ];
  const rows: AgreementCell[][] = [];
  for (const t of tables) {
    rows.push(pad([`# ${t.title}`]), pad([`# ${t.settings}`]), pad(t.header), ...t.rows.map(pad));
    for (const n of t.notes) rows.push(pad([`# undefined: ${n}`]));
    rows.push(pad([]));
  }
  const [head, ...rest] = rows;
  return toCsv(head?.map((c) => (c === null ? '' : String(c))) ?? [], rest);
}
