import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importOffline } from '../src/import-offline.ts';
import { Neo4jLocalError } from '../src/neo4j-local-error.ts';

/*
 * The real offline importer (neo4j-admin database import full, from the launcher's Maven jars)
 * on a small graph of the bench's shape: ID spaces per label, a relationship with a property.
 */

const temp = mkdtempSync(join(tmpdir(), 'iwa-import-offline-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function csv(name: string, lines: string[]): string {
  const file = join(temp, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('importOffline', () => {
  it('loads nodes and relationships into an empty database and reports the counts', async () => {
    const codes = csv('codes.csv', [
      'id:ID(Code),studyId,key',
      'c1,s,form.operational',
      'c2,s,form.conceptual',
    ]);
    const excerpts = csv('excerpts.csv', [
      'id:ID(Excerpt),studyId,start:int,end:int,text',
      'x1,s,0,12,"We moved, slowly."',
      'x2,s,13,30,Advisors taught it',
      'x3,s,31,40,Then it ran',
    ]);
    const coded = csv('coded.csv', [
      ':START_ID(Excerpt),:END_ID(Code),coderId',
      'x1,c1,ane',
      'x2,c2,ane',
      'x3,c1,ane',
      'x3,c2,jonas',
    ]);
    const home = join(temp, 'ok');
    const res = await importOffline({
      homeDir: home,
      nodes: [
        { name: 'Code', files: [codes] },
        { name: 'Excerpt', files: [excerpts] },
      ],
      relationships: [{ name: 'CODED', files: [coded] }],
      heapMb: 256,
      env: process.env,
    });
    // the id column is stored as a property too: 2 × 3 + 3 × 5 + 4 × 1
    expect(res).toMatchObject({ nodes: 5, relationships: 4, properties: 25 });
    expect(res.toolMs).not.toBeNull();
    expect(existsSync(join(home, 'data', 'databases', 'neo4j'))).toBe(true);
  }, 120_000);

  it("a relationship to a node that is not there fails with the tool's own words", async () => {
    const codes = csv('codes2.csv', ['id:ID(Code),studyId', 'c1,s']);
    const coded = csv('coded2.csv', [':START_ID(Code),:END_ID(Code)', 'c1,c9']);
    const home = join(temp, 'bad');
    const err = await importOffline({
      homeDir: home,
      nodes: [{ name: 'Code', files: [codes] }],
      relationships: [{ name: 'CHILD_OF', files: [coded] }],
      heapMb: 256,
      env: process.env,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Neo4jLocalError);
    expect((err as Neo4jLocalError).code).toBe('import_failed');
    expect((err as Error).message).toMatch(/Error in input data/);
  }, 120_000);
});
