import { createGraph, queryCodedUnits, queryMatrix, matrixCypher } from '@iwa/graph';
import { buildMatrixReport, loadCodedUnits } from '@iwa/services';
const [uri, studyId] = process.argv.slice(2) as [string, string];
const graph = createGraph({ uri, user: 'neo4j', database: 'neo4j' });
const t = async (name: string, fn: () => Promise<unknown> | unknown) => {
  await fn();
  const xs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    await fn();
    xs.push(performance.now() - t0);
  }
  xs.sort((a, b) => a - b);
  process.stdout.write(`${name}: median ${xs[2]!.toFixed(1)} ms\n`);
};
await t('queryCodedUnits (incl. zod)', () => queryCodedUnits(graph, { studyId }));
const units = await loadCodedUnits(graph, { studyId, by: 'speaker' });
await t('loadCodedUnits', () => loadCodedUnits(graph, { studyId, by: 'speaker' }));
await t('buildMatrixReport only', () =>
  buildMatrixReport(units, {
    rows: 'role',
    cols: 'form',
    by: 'speaker',
    unit: 'excerpts',
    where: [],
  }),
);
await t('queryMatrix', () =>
  queryMatrix(graph, {
    studyId,
    rows: { kind: 'position', dimension: 'role' },
    cols: { kind: 'codes', family: 'form' },
  }),
);
const q = {
  rows: { kind: 'position', dimension: 'role' },
  cols: { kind: 'codes', family: 'form' },
  by: 'speaker',
} as const;
const params = {
  studyId,
  coderId: null,
  positionFilters: [],
  codeFilters: [],
  rowsDimension: 'role',
  colsFamily: 'form',
  rowDimension: 'role',
  colFamily: 'form',
};
process.stdout.write(matrixCypher(q) + '\n');
await t('queryMatrix raw read (no zod)', () => graph.read(matrixCypher(q), params));
const variant = `MATCH (a:Informant {studyId: $studyId})
OPTIONAL MATCH (a)-[:HOLDS]->(p:Position)
OPTIONAL MATCH (a)-[emp:EMPLOYED_BY {primary: true}]->(org:Organisation)
WITH a, { role: coalesce(p.role, a.role), sector: coalesce(p.sector, a.sector, org.sector), employerKind: coalesce(org.kind, a.kind) } AS pos
MATCH (e:Excerpt)-[:SPOKEN_BY]->(a)
MATCH (e)-[:CODED]->(colCode:Code)
WHERE colCode.family = $colFamily
WITH e, a, pos[$rowDimension] AS row, colCode.id AS col
RETURN row, col, null AS split, count(DISTINCT e) AS excerpts, count(DISTINCT a) AS informants, count(DISTINCT e.documentId) AS documents`;
await t('variant: position per actor first', () => graph.read(variant, params));
await graph.close();
