/*
 * Prints a study's counts and the verdicts of its claims.yaml:
 *   node --conditions=@iwa/source --import tsx packages/examples/scripts/report.ts ips-norway
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ClaimSet, crosstab, evaluateClaims, unitsCounter } from '@iwa/analysis';
import { formatIssue } from '@iwa/study';
import { parse } from 'yaml';
import { examplePath, readExample, type ExampleId } from '../src/index.ts';
import { studyUnits } from '../test/study-units.ts';

const out = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};

const id = (process.argv[2] ?? 'ips-norway') as ExampleId;
const res = await readExample(id);
if (!res.ok) {
  for (const e of res.errors) out(formatIssue(e));
  process.exit(1);
}
const { study } = res;
for (const w of res.warnings) out(formatIssue(w));
out(
  `${study.documents.length} documents, ${study.excerpts.length} excerpts, ${study.codings.length} codings`,
);
const units = studyUnits(study);
for (const [rows, by] of [
  ['role', 'speaker'],
  ['role', 'performer'],
  ['phase', 'speaker'],
  ['sector', 'performer'],
] as const) {
  for (const cols of ['form', 'purpose']) {
    const t = crosstab(units, { rows, cols, by });
    const table = t.tables[0];
    if (table === undefined) continue;
    out(`\n${by}.${rows} × ${cols}`);
    t.rowValues.forEach((r, i) => {
      const cells = t.colValues.map((c, j) => `${c} ${table.counts[i]?.[j] ?? 0}`);
      out(`  ${r} (${table.rowTotals[i] ?? 0}): ${cells.join(', ')}`);
    });
  }
}
let claimsText: string | undefined;
try {
  claimsText = await readFile(path.join(examplePath(id), 'claims.yaml'), 'utf8');
} catch {
  claimsText = undefined;
}
if (claimsText !== undefined) {
  const claims = ClaimSet.parse(parse(claimsText));
  out();
  for (const r of await evaluateClaims(claims.claims, unitsCounter(units), {
    documents: study.documents.map((d) => d.id),
  })) {
    out(
      `${r.holds === true ? 'HOLDS' : r.holds === false ? 'FAILS' : 'UNDEF'} ${r.id}: ${r.explanation}`,
    );
  }
}
