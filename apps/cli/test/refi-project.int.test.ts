import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MatrixReport } from '@iwa/services';
import { writeRefiProject, type RefiProject } from '@iwa/testing/refi-project';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.ts';
import { useCliTestContext } from './cli-test-context.ts';
import { runIwa } from './run-cli.ts';

/*
 * A plain REFI-QDA project (no iwa extension) as a new user brings it: interviews and a
 * multi-party meeting, speakers as cases with Text variables role/sector/employer/level, turn
 * labels such as `Ward manager 2:`, codes in the project's own folders beside a "Cloutier"
 * folder, two coders. Imported with no map by the real `iwa` binary; then `iwa matrix` (with and
 * without --split, by coder) and `iwa excerpts` are checked against a count of what the fixture
 * generator wrote, made here in TypeScript — never against what Neo4j returns.
 */
const t = useCliTestContext('refi-project');
const studyId = t.track(`refi-plain-${process.pid}`);
let project: RefiProject;
let file: string;
let importOut: { status: number | null; stdout: string; stderr: string };

beforeAll(async () => {
  project = await writeRefiProject();
  file = join(t.temp, 'Work placement study.qdpx');
  writeFileSync(file, project.bytes);
  importOut = runIwa(['study', 'import', file, '--study', studyId], { env: t.env });
  Object.assign(process.env, t.env);
}, 300_000);

// ---------------------------------------------------------------------------------------------
// The independent count, from what the generator wrote

/** The project's own code folders are study codes (`theme.<name>`); "Cloutier" is the form family. */
function family(path: string): { family: string; value: string } {
  const parts = path.split('/');
  const name = parts[parts.length - 1]!;
  return parts[0] === 'Cloutier'
    ? { family: 'form', value: name.toLowerCase() }
    : { family: 'theme', value: name.toLowerCase() };
}

/** A position variable's value as iwa stores it: `Employment specialist` → `employment_specialist`. */
const snake = (v: string): string => v.trim().toLowerCase().replace(/\s+/g, '_');

const CODE_PATHS: Record<string, string> = {
  routines: 'Work we do/Routines',
  educating: 'Classroom practices/Educating',
  creating: 'rq1_definition/practices/creating',
  structural: 'Cloutier/Structural',
  operational: 'Cloutier/Operational',
};

interface Unit {
  text: string;
  role: string | undefined;
  employer: string | undefined;
  /** `family=value` of the codes the chosen coders gave (pooled: once per excerpt). */
  codes: Set<string>;
}

function units(coders?: readonly string[]): Unit[] {
  return project.expected.map((x) => {
    const person = x.speakerIsCase ? project.people.find((p) => p.name === x.speaker) : undefined;
    const codes = new Set(
      x.codes
        .filter((c) => coders === undefined || coders.includes(c.coder.toLowerCase()))
        .map((c) => {
          const f = family(CODE_PATHS[c.code]!);
          return `${f.family}=${f.value}`;
        }),
    );
    return { text: x.text, role: person && snake(person.role), employer: person?.employer, codes };
  });
}

/** `row|col` → count of excerpts, for role × a code family, optionally within one employer. */
function count(
  us: readonly Unit[],
  colFamily: string,
  employer?: string,
): Map<string, { n: number; texts: string[] }> {
  const cells = new Map<string, { n: number; texts: string[] }>();
  for (const u of us) {
    if (u.role === undefined) continue;
    if (employer !== undefined && u.employer !== employer) continue;
    for (const code of u.codes) {
      const [fam, value] = code.split('=');
      if (fam !== colFamily) continue;
      const key = `${u.role}|${value}`;
      const cell = cells.get(key) ?? { n: 0, texts: [] };
      cell.n += 1;
      cell.texts.push(u.text);
      cells.set(key, cell);
    }
  }
  return cells;
}

// ---------------------------------------------------------------------------------------------
// Running the CLI in-process (the import above ran the real binary)

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const writeOut = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  process.stdout.write = (chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  };
  process.stderr.write = (chunk: string | Uint8Array) => {
    err.push(String(chunk));
    return true;
  };
  try {
    const code = await runCli(['--quiet', ...args]);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
  }
}

async function matrix(args: string[]): Promise<MatrixReport> {
  const res = await cli(['matrix', '--study', studyId, ...args, '--format', 'json']);
  expect(res.code, `iwa matrix ${args.join(' ')}: ${res.stderr}`).toBe(0);
  return JSON.parse(res.stdout) as MatrixReport;
}

function nonZeroCells(table: MatrixReport['tables'][number]): Map<string, number> {
  return new Map(table.cells.filter((c) => c.count > 0).map((c) => [`${c.row}|${c.col}`, c.count]));
}

async function excerptTexts(where: readonly string[]): Promise<string[]> {
  const res = await cli([
    'excerpts',
    '--study',
    studyId,
    ...where.flatMap((w) => ['--where', w]),
    '--limit',
    '1000',
    '--json',
  ]);
  expect(res.code, `iwa excerpts ${where.join(' ')}: ${res.stderr}`).toBe(0);
  const parsed = JSON.parse(res.stdout) as { total: number; items: { text: string }[] };
  expect(parsed.items).toHaveLength(parsed.total);
  return parsed.items.map((i) => i.text).sort();
}

describe('a plain REFI project imported with no map', () => {
  it('imports, and the summary says who speaks and what was matched without the map', () => {
    expect(importOut.status, importOut.stderr).toBe(0);
    const all = project.expected.length;
    const codings = project.expected.reduce((s, x) => s + x.codes.length, 0);
    expect(importOut.stdout).toContain(
      `${all} excerpts, ${codings} codings and 0 phase events written`,
    );
    expect(importOut.stdout).toContain(`speakers: ${all} of ${all} excerpts`);
    // the speakers who are not cases are named
    for (const label of new Set(
      project.expected.filter((x) => !x.speakerIsCase).map((x) => x.speaker),
    ))
      expect(importOut.stdout).toContain(label);
    // only the "Cloutier" folder matched framework codes; the project's own codes are study codes
    expect(importOut.stdout).toContain('3 project codes matched framework codes without the map');
    expect(importOut.stderr).toContain(
      'code "Classroom practices/Educating" is not mapped: it came in as the study code theme.educating',
    );
  });

  it('iwa matrix --rows role --cols theme --by speaker equals the count of the fixture', async () => {
    const report = await matrix(['--rows', 'role', '--cols', 'theme', '--by', 'speaker']);
    expect(report.tables).toHaveLength(1);
    const want = count(units(), 'theme');
    expect(nonZeroCells(report.tables[0]!)).toEqual(new Map([...want].map(([k, v]) => [k, v.n])));
    // every excerpt with a theme code and a case speaker is in a cell; the rest are counted out
    const inCells = units().filter(
      (u) => u.role !== undefined && [...u.codes].some((c) => c.startsWith('theme=')),
    ).length;
    expect(report.matched - report.withoutValue).toBe(inCells);
  });

  it('--split employer (a case variable, values as written) gives one table per employer', async () => {
    const report = await matrix(['--rows', 'role', '--cols', 'theme', '--split', 'employer']);
    const employers = [...new Set(project.people.map((p) => p.employer))];
    const layers = report.tables.filter((tb) => tb.split !== null);
    expect(layers.length).toBeGreaterThan(0);
    for (const layer of layers) {
      expect(employers).toContain(layer.split);
      const want = count(units(), 'theme', layer.split ?? undefined);
      expect(nonZeroCells(layer), `employer ${layer.split}`).toEqual(
        new Map([...want].map(([k, v]) => [k, v.n])),
      );
    }
    // every employer with a themed excerpt has its layer
    const withData = employers.filter((e) => count(units(), 'theme', e).size > 0);
    expect(layers.map((l) => l.split).sort()).toEqual(expect.arrayContaining(withData.sort()));
  });

  it('--cols form and one coder (--coder jonas) count only that coder', async () => {
    const report = await matrix(['--rows', 'role', '--cols', 'form', '--coder', 'jonas']);
    const want = count(units(['jonas']), 'form');
    expect(want.size).toBeGreaterThan(0);
    expect(nonZeroCells(report.tables[0]!)).toEqual(new Map([...want].map(([k, v]) => [k, v.n])));
  });

  it('iwa excerpts --where role=… lists exactly the excerpts of each cell', async () => {
    const report = await matrix(['--rows', 'role', '--cols', 'theme']);
    const want = count(units(), 'theme');
    const cells = report.tables[0]!.cells.filter((c) => c.count > 0);
    expect(cells.length).toBe(want.size);
    for (const cell of cells) {
      const texts = await excerptTexts(cell.where);
      expect(texts, cell.where.join(' & ')).toEqual(
        want.get(`${cell.row}|${cell.col}`)?.texts.sort(),
      );
    }
    // as a user types it: the value as written in the project, the code by its family
    expect(await excerptTexts(['role=Manager', 'theme.routines'])).toEqual(
      want.get('manager|routines')?.texts.sort(),
    );
  });

  it('says what a misspelt dimension, value or code would have been', async () => {
    const rows = await cli(['matrix', '--study', studyId, '--rows', 'rol', '--cols', 'theme']);
    expect(rows.code).toBe(2);
    expect(rows.stderr).toContain('unknown rows dimension "rol"; did you mean "role"?');
    const split = await cli(['matrix', '--study', studyId, '--split', 'employr']);
    expect(split.code).toBe(2);
    expect(split.stderr).toContain('did you mean "employer"?');
    const value = await cli(['excerpts', '--study', studyId, '--where', 'role=managr']);
    expect(value.code).toBe(2);
    expect(value.stderr).toContain('did you mean "manager"?');
    const code = await cli(['excerpts', '--study', studyId, '--where', 'theme.routine']);
    expect(code.code).toBe(2);
    expect(code.stderr).toContain('did you mean "routines"?');
    const study = await cli(['matrix', '--study', studyId.slice(0, -2)]);
    expect(study.code).toBe(2);
    expect(study.stderr).toContain(`did you mean "${studyId}"?`);
  });

  it('a second import of the same file changes nothing', () => {
    const again = runIwa(['study', 'import', file, '--study', studyId], { env: t.env });
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain('0 created, 0 changed in all');
  });
});
