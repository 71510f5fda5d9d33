import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkStudy } from './check-study.ts';
import type { Study } from './model.ts';
import { readStudyFolder } from './study-folder.ts';

async function demo(): Promise<Study> {
  const res = await readStudyFolder(
    fileURLToPath(new URL('../test/fixtures/ips-demo', import.meta.url)),
  );
  if (!res.ok) throw new Error('the demo study should read');
  return res.study;
}

const codesOf = (study: unknown): string[] =>
  checkStudy(study).map((i) => `${i.code} @ ${i.path?.join('.') ?? ''}`);

describe('checkStudy', () => {
  it('finds nothing wrong in the demo study', async () => {
    expect(checkStudy(await demo())).toEqual([]);
  });

  it('reports schema problems with their model path', () => {
    const issues = checkStudy({ id: 'x y', name: '' });
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.every((i) => i.code === 'invalid_value')).toBe(true);
    expect(issues.map((i) => i.path?.join('.'))).toContain('id');
  });

  it('finds broken references, as a REFI-QDA import could bring them', async () => {
    const s = structuredClone(await demo());
    s.informants[0]!.positionId = 'nobody';
    s.codings[0]!.code = 'theme.unknown';
    s.codings[1]!.coderId = 'mallory';
    s.excerpts[0]!.end = 99999;
    s.excerpts[1]!.text = 'edited by hand';
    s.excerpts[2]!.performer = { kind: 'organisation', id: 'A07' };
    s.positions[0]!.role = 'chief';
    s.phaseEvents[0]!.evidence = ['gone'];
    s.documents[0]!.contentHash = `sha256:${'0'.repeat(64)}`;
    expect(codesOf(s)).toEqual([
      'unknown_dimension_value @ positions.0.role',
      'unknown_position @ informants.0.positionId',
      'invalid_value @ documents.0.contentHash',
      'offset_out_of_range @ excerpts.0',
      'span_mismatch @ excerpts.1.text',
      'unknown_actor @ excerpts.2.performer',
      'unknown_code @ codings.0.code',
      'unknown_coder @ codings.1.coderId',
      'unknown_excerpt @ phaseEvents.0.evidence.0',
    ]);
  });

  it('checks turns, dual employment and attends', async () => {
    const s = structuredClone(await demo());
    const doc = s.documents[0]!;
    doc.turns[1] = { ...doc.turns[1]!, start: doc.turns[0]!.start + 1 };
    const third = {
      ...s.relations.find((r) => r.type === 'employed_by' && r.from.id === 'A07')!,
      id: 'third',
      to: { kind: 'organisation' as const, id: 'nav_east' },
    };
    s.relations.push(third);
    const attends = s.relations.find((r) => r.type === 'attends')!;
    attends.to = { kind: 'organisation', id: 'dps_north' };
    expect(codesOf(s)).toEqual([
      'invalid_relation @ relations.4.to',
      'invalid_employment @ relations.8',
      'overlapping_turns @ documents.0.turns.1',
    ]);
  });
});
