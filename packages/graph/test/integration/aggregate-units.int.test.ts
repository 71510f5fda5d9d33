import {
  aggregateUnits,
  deleteStudy,
  queryCoderCodings,
  queryExcerpts,
  queryStudyCatalogue,
  writeDocuments,
  writeStudyManifest,
  type AggregateCounts,
  type AggregateQuery,
  type CoderRule,
  type Graph,
  type UnitCondition,
  type ValueSource,
} from '@iwa/graph';
import { graphTest } from '@iwa/testing';
import { describe, expect } from 'vitest';
import { codedStudy, CODERS, type CodedStudy, type KnownExcerpt } from '@iwa/testing/coded-study';

/*
 * aggregateUnits against a hand count: the generated study is counted again in plain TypeScript
 * from what the fixture wrote (never from what Neo4j returns), for every count unit, perspective,
 * coder rule, layer and filter below, and every cell, margin, total and multi-cell count must match.
 */

async function load(graph: Graph, study: CodedStudy): Promise<void> {
  await writeStudyManifest(graph, { manifest: study.manifest, codes: study.codes });
  await writeDocuments(graph, { studyId: study.manifest.id, bundles: study.bundles });
}

type Axis = 'role' | 'sector' | 'form' | 'purpose' | 'phase' | 'speaker';
type Who = 'speaker' | 'performer';

/** The values of an excerpt on an axis, by hand. */
function valuesOf(
  study: CodedStudy,
  x: KnownExcerpt,
  codes: string[],
  axis: Axis,
  by: Who,
): string[] {
  const actor = by === 'speaker' ? x.speakerId : x.performerId;
  switch (axis) {
    case 'form':
    case 'purpose':
      return codes.filter((c) => c.startsWith(`${axis}.`)).map((c) => c.slice(axis.length + 1));
    case 'role':
      return [study.role[actor] ?? 'organisation'];
    case 'sector':
      return study.sector[actor] ? [study.sector[actor]] : [];
    case 'phase':
      return [study.phase[x.documentId] ?? ''];
    case 'speaker':
      return [x.speakerId];
  }
}

/** The excerpt's codes under a coder rule, by hand. */
function codesUnder(x: KnownExcerpt, rule: CoderRule): string[] {
  const tally = new Map<string, number>();
  for (const coder of rule.coders)
    for (const c of x.codes[coder] ?? []) tally.set(c, (tally.get(c) ?? 0) + 1);
  const need = rule.need === 'all' ? rule.coders.length : 1;
  return [...tally]
    .filter(([, n]) => n >= need)
    .map(([c]) => c)
    .sort();
}

interface Config {
  rows?: Axis;
  cols?: Axis;
  layer?: Axis;
  unit: 'excerpts' | 'informants' | 'documents';
  by: Who;
  coders: CoderRule;
  where?: { axis: Axis; values: string[]; negate?: boolean }[];
}

/** The same counts as aggregateUnits, by hand: cells, margins and multi-cell counts per table. */
function handCount(study: CodedStudy, config: Config): AggregateCounts {
  type Sig = { entity: string; rs: string[]; cs: string[]; ls: string[] };
  const sigs: Sig[] = [];
  for (const x of study.excerpts) {
    const codes = codesUnder(x, config.coders);
    if (codes.length === 0) continue;
    const ok = (config.where ?? []).every((w) => {
      const has = valuesOf(study, x, codes, w.axis, config.by).some((v) => w.values.includes(v));
      return w.negate ? !has : has;
    });
    if (!ok) continue;
    const axis = (a: Axis | undefined): string[] =>
      a === undefined ? [''] : [...new Set(valuesOf(study, x, codes, a, config.by))];
    sigs.push({
      entity:
        config.unit === 'excerpts'
          ? x.id
          : config.unit === 'documents'
            ? x.documentId
            : config.by === 'speaker'
              ? x.speakerId
              : x.performerId,
      rs: axis(config.rows),
      cs: axis(config.cols),
      ls: config.layer === undefined ? [] : axis(config.layer),
    });
  }
  const layers = [null, ...new Set(sigs.flatMap((s) => s.ls))];
  const tables = layers.map((layer) => {
    const inLayer = sigs.filter((s) => layer === null || s.ls.includes(layer));
    const distinct = (pred: (s: Sig) => boolean): number =>
      new Set(inLayer.filter(pred).map((s) => s.entity)).size;
    const rowKeys = [...new Set(inLayer.flatMap((s) => s.rs))];
    const colKeys = [...new Set(inLayer.flatMap((s) => s.cs))];
    const cells = rowKeys
      .flatMap((row) =>
        colKeys.map((col) => ({
          row,
          col,
          n: distinct((s) => s.rs.includes(row) && s.cs.includes(col)),
        })),
      )
      .filter((c) => c.n > 0);
    const both = (s: Sig) => s.rs.length > 0 && s.cs.length > 0;
    const cellsOf = new Map<string, Set<string>>();
    for (const s of inLayer.filter(both))
      for (const r of s.rs)
        for (const c of s.cs)
          cellsOf.set(s.entity, (cellsOf.get(s.entity) ?? new Set()).add(`${r}|${c}`));
    return {
      layer,
      cells,
      rowTotals: rowKeys
        .map((row) => ({ row, n: distinct((s) => s.cs.length > 0 && s.rs.includes(row)) }))
        .filter((r) => r.n > 0),
      colTotals: colKeys
        .map((col) => ({ col, n: distinct((s) => s.rs.length > 0 && s.cs.includes(col)) }))
        .filter((c) => c.n > 0),
      rowsAny: rowKeys
        .map((row) => ({ row, n: distinct((s) => s.rs.includes(row)) }))
        .filter((r) => r.n > 0),
      colsAny: colKeys
        .map((col) => ({ col, n: distinct((s) => s.cs.includes(col)) }))
        .filter((c) => c.n > 0),
      total: distinct(both),
      multiCell: [...cellsOf.values()].filter((set) => set.size > 1).length,
    };
  });
  return { matched: new Set(sigs.map((s) => s.entity)).size, tables };
}

/** The graph sources of the axes, as services' vocabulary would resolve them. */
function source(study: CodedStudy, axis: Axis, by: Who): ValueSource {
  switch (axis) {
    case 'form':
    case 'purpose':
      return { kind: 'codes', family: axis };
    case 'role':
      return {
        kind: 'actor',
        of: by,
        values: Object.fromEntries([
          ...Object.entries(study.role).map(([id, r]): [string, string[]] => [id, [r]]),
          ...Object.keys(study.sector)
            .filter((id) => !(id in study.role))
            .map((id): [string, string[]] => [id, ['organisation']]),
        ]),
      };
    case 'sector':
      return {
        kind: 'actor',
        of: by,
        values: Object.fromEntries(Object.entries(study.sector).map(([id, s]) => [id, [s]])),
      };
    case 'phase':
      return {
        kind: 'document',
        values: Object.fromEntries(Object.entries(study.phase).map(([id, p]) => [id, [p]])),
      };
    case 'speaker':
      return { kind: 'actorId', of: 'speaker' };
  }
}

function query(study: CodedStudy, c: Config): AggregateQuery {
  return {
    studyId: study.manifest.id,
    coders: c.coders,
    unit: c.unit,
    by: c.by,
    ...(c.rows ? { rows: source(study, c.rows, c.by) } : {}),
    ...(c.cols ? { cols: source(study, c.cols, c.by) } : {}),
    ...(c.layer ? { layer: source(study, c.layer, c.by) } : {}),
    where: (c.where ?? []).map((w): UnitCondition => ({
      source: source(study, w.axis, c.by),
      values: w.values,
      negate: w.negate ?? false,
    })),
  };
}

/** Sorted, so the comparison does not depend on the order Neo4j returns rows in. */
function normalise(a: AggregateCounts): AggregateCounts {
  const by = <T>(xs: T[], key: (x: T) => string) =>
    [...xs].sort((p, q) => key(p).localeCompare(key(q)));
  return {
    matched: a.matched,
    tables: by(
      a.tables.map((t) => ({
        ...t,
        cells: by(
          t.cells.filter((c) => c.n > 0),
          (c) => `${c.row}|${c.col}`,
        ),
        rowTotals: by(
          t.rowTotals.filter((r) => r.n > 0),
          (r) => r.row,
        ),
        colTotals: by(
          t.colTotals.filter((c) => c.n > 0),
          (c) => c.col,
        ),
        rowsAny: by(
          t.rowsAny.filter((r) => r.n > 0),
          (r) => r.row,
        ),
        colsAny: by(
          t.colsAny.filter((c) => c.n > 0),
          (c) => c.col,
        ),
      })),
      (t) => t.layer ?? '',
    ),
  };
}

// every coder of the study, as the services mark it: the codings are read without their coder
const ALL: CoderRule = { coders: [...CODERS], need: 'any', every: true };
// the same coders named one by one: the codings are filtered by coder, with the same answer
const ALL_NAMED: CoderRule = { coders: [...CODERS], need: 'any' };
const AGREED: CoderRule = { coders: ['ane', 'jonas'], need: 'all' };
const ONE: CoderRule = { coders: ['kari'], need: 'any' };

const CONFIGS: Config[] = [
  { rows: 'role', cols: 'form', unit: 'excerpts', by: 'speaker', coders: ALL },
  { rows: 'role', cols: 'form', unit: 'excerpts', by: 'speaker', coders: ALL_NAMED },
  { rows: 'role', cols: 'form', layer: 'purpose', unit: 'excerpts', by: 'speaker', coders: ALL },
  { rows: 'sector', cols: 'purpose', unit: 'informants', by: 'performer', coders: ALL_NAMED },
  {
    rows: 'role',
    cols: 'form',
    layer: 'purpose',
    unit: 'excerpts',
    by: 'performer',
    coders: AGREED,
  },
  { rows: 'sector', cols: 'purpose', unit: 'informants', by: 'speaker', coders: ONE },
  {
    rows: 'sector',
    cols: 'form',
    layer: 'phase',
    unit: 'informants',
    by: 'performer',
    coders: ALL,
  },
  { rows: 'phase', cols: 'form', unit: 'documents', by: 'speaker', coders: AGREED },
  { rows: 'form', cols: 'purpose', unit: 'excerpts', by: 'speaker', coders: ALL },
  { rows: 'speaker', cols: 'purpose', unit: 'excerpts', by: 'speaker', coders: ONE },
  { rows: 'role', unit: 'excerpts', by: 'speaker', coders: ALL },
  { unit: 'informants', by: 'performer', coders: ALL },
  {
    rows: 'role',
    cols: 'form',
    unit: 'excerpts',
    by: 'speaker',
    coders: ALL,
    where: [
      { axis: 'phase', values: ['establishing'] },
      { axis: 'purpose', values: ['creating', 'maintaining'] },
    ],
  },
  {
    rows: 'role',
    cols: 'purpose',
    unit: 'documents',
    by: 'performer',
    coders: ALL,
    where: [{ axis: 'sector', values: ['nav'], negate: true }],
  },
  // a required code (a plain condition on a code family) makes the query start from that code's
  // excerpts: the counts must be those of visiting every excerpt
  {
    rows: 'sector',
    cols: 'purpose',
    unit: 'informants',
    by: 'performer',
    coders: ONE,
    where: [
      { axis: 'form', values: ['operational', 'relational'] },
      { axis: 'purpose', values: ['disrupting'], negate: true },
    ],
  },
  {
    rows: 'role',
    cols: 'form',
    layer: 'phase',
    unit: 'excerpts',
    by: 'speaker',
    coders: AGREED,
    where: [{ axis: 'form', values: ['structural'] }],
  },
];

describe('aggregateUnits counts as a hand count does', () => {
  graphTest(
    'a generated three-coder study, in every configuration',
    async ({ graph, studyId }) => {
      for (const seed of [1, 2]) {
        const study = codedStudy(`${studyId}-s${seed}`, seed);
        await load(graph, study);
        // the fixture has what makes counting hard
        expect(
          study.excerpts.some((x) =>
            Object.values(x.codes).some((c) => c.filter((k) => k.startsWith('form.')).length > 1),
          ),
        ).toBe(true);
        expect(study.excerpts.some((x) => x.performerId !== x.speakerId)).toBe(true);
        for (const config of CONFIGS) {
          const got = await aggregateUnits(graph, query(study, config));
          expect(normalise(got), `seed ${seed}: ${JSON.stringify(config)}`).toEqual(
            normalise(handCount(study, config)),
          );
        }
      }
      // two studies × every configuration: ~45 s on a quiet machine, over 60 s under load
    },
    180_000,
  );

  graphTest('a cell lists exactly the excerpts it counts', async ({ graph, studyId }) => {
    const study = codedStudy(studyId, 3);
    await load(graph, study);
    const config: Config = {
      rows: 'role',
      cols: 'form',
      unit: 'excerpts',
      by: 'speaker',
      coders: AGREED,
    };
    const counts = await aggregateUnits(graph, query(study, config));
    const overall = counts.tables.find((t) => t.layer === null)!;
    expect(overall.cells.length).toBeGreaterThan(3);
    for (const cell of overall.cells) {
      const page = await queryExcerpts(graph, {
        ...query(study, {
          ...config,
          where: [
            { axis: 'role', values: [cell.row] },
            { axis: 'form', values: [cell.col] },
          ],
        }),
        limit: 1000,
      });
      expect(page.total).toBe(cell.n);
      expect(page.items).toHaveLength(cell.n);
      // agreed codes only: every listed form code was given by both coders
      for (const item of page.items) expect(item.codes).toContain(`form.${cell.col}`);
    }
  });

  graphTest(
    'the catalogue names the coders, actors and document variables',
    async ({ graph, studyId }) => {
      const study = codedStudy(studyId, 4);
      await load(graph, study);
      // another study in the same database, with a coder of its own that sorts between them
      const other = codedStudy(`${studyId}-other`, 4);
      const renamed = (id: string): string => (id === 'jonas' ? 'b-coder' : id);
      await writeStudyManifest(graph, {
        manifest: { ...other.manifest, coders: [{ id: 'b-coder' }, { id: 'zz-last' }] },
        codes: other.codes,
      });
      await writeDocuments(graph, {
        studyId: other.manifest.id,
        bundles: other.bundles.map((b) => ({
          ...b,
          codings: b.codings.map((c) => ({ ...c, coderId: renamed(c.coderId) })),
        })),
      });
      try {
        const cat = await queryStudyCatalogue(graph, { studyId });
        // read from the coder index one coder at a time: this study's coders, in order, no other's
        expect(cat.coders).toEqual(CODERS.map((id) => ({ id })));
        const byHand = new Map<string, number>();
        for (const b of study.bundles)
          for (const c of b.codings) byHand.set(c.coderId, (byHand.get(c.coderId) ?? 0) + 1);
        const counted = await queryCoderCodings(graph, {
          studyId,
          coders: [...CODERS, 'b-coder', 'nobody'],
        });
        expect(counted).toEqual(CODERS.map((id) => ({ id, codings: byHand.get(id) })));
        const otherCat = await queryStudyCatalogue(graph, { studyId: other.manifest.id });
        expect(otherCat.coders.map((c) => c.id)).toEqual(
          [
            ...new Set(other.bundles.flatMap((b) => b.codings.map((c) => renamed(c.coderId)))),
          ].sort(),
        );
      } finally {
        await deleteStudy(graph, { studyId: other.manifest.id });
      }
      const cat = await queryStudyCatalogue(graph, { studyId });
      expect(cat.actors.map((a) => a.id).sort()).toEqual([
        'A1',
        'A2',
        'M1',
        'M2',
        'M3',
        'org-dps',
        'org-nav',
      ]);
      expect(cat.documents.find((d) => d.id === 'doc-0')?.variables).toEqual({
        phase: study.phase['doc-0'],
      });
    },
  );

  graphTest(
    'a hostile family or value is a parameter, never Cypher text',
    async ({ graph, studyId }) => {
      const study = codedStudy(studyId, 5);
      await load(graph, study);
      for (const value of ["x' OR 1=1 //", 'a`) DETACH DELETE (n', '} RETURN 1 //']) {
        const got = await aggregateUnits(graph, {
          studyId,
          coders: { coders: [value], need: 'any' },
          rows: { kind: 'codes', family: value },
          where: [{ source: { kind: 'codes', family: value }, values: [value] }],
        });
        expect(got.matched).toBe(0);
      }
      const still = await aggregateUnits(graph, { studyId, coders: ALL });
      expect(still.matched).toBe(
        study.excerpts.filter((x) => Object.keys(x.codes).length > 0).length,
      );
    },
  );
});
