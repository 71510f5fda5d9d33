import { queryStudyCatalogue, writeDocuments, writeStudyManifest } from '@iwa/graph';
import { relationId, type StudyManifest } from '@iwa/study';
import { graphTest } from '@iwa/testing';
import { describe, expect } from 'vitest';
import { positionOfActorCypher } from '../../src/queries/position-fragment.ts';
import { tinyStudy } from '../fixtures/tiny-study.ts';

/*
 * The catalogue finds each actor's Position and primary employer from their side and gathers
 * them per actor; the matrix and every filter read positions through `positionOfActorCypher`,
 * which walks each actor's relationships. Both must give every actor the same positions.
 */

/** The reference: each actor's relationships walked, as the matrix's fragment does. */
const WALK_CYPHER = `MATCH (a:Informant|Organisation|ActorGroup {studyId: $studyId})
CALL (a) {
  ${positionOfActorCypher('').replaceAll('\n', '\n  ')}
  RETURN pos
}
RETURN a.id AS id,
       CASE WHEN a:Informant THEN 'informant' WHEN a:Organisation THEN 'organisation' ELSE 'actor_group' END AS kind,
       pos AS position`;

/** The tiny study with the shapes positions take: two primary employers, none, a group's home. */
function variedStudy(studyId: string): ReturnType<typeof tinyStudy> {
  const tiny = tinyStudy(studyId);
  const employed = (informant: string, org: string) => ({
    id: relationId(
      'employed_by',
      { kind: 'informant', id: informant },
      { kind: 'organisation', id: org },
    ),
    type: 'employed_by' as const,
    primary: true,
    from: { kind: 'informant' as const, id: informant },
    to: { kind: 'organisation' as const, id: org },
    evidence: [],
  });
  const manifest: StudyManifest = {
    ...tiny.manifest,
    informants: [
      ...tiny.manifest.informants,
      { id: 'D01', pseudonym: 'Advisor employed twice', positionId: 'pos-advisor' },
      { id: 'X01', pseudonym: 'Informant without a position' },
    ],
    actorGroups: [
      {
        id: 'grp-team',
        label: 'Treatment team',
        kind: 'group',
        role: 'advisor',
        organisationId: 'dps-a',
      },
    ],
    relations: [...tiny.manifest.relations, employed('D01', 'nav-a'), employed('D01', 'dps-a')],
  };
  return { ...tiny, manifest };
}

describe('the study catalogue', () => {
  graphTest('gives every actor the positions the matrix reads', async ({ graph, studyId }) => {
    const { manifest, codes, bundles } = variedStudy(studyId);
    await writeStudyManifest(graph, { manifest, codes });
    await writeDocuments(graph, { studyId, bundles });

    const cat = await queryStudyCatalogue(graph, { studyId });
    const got = cat.actors.map((a) => JSON.stringify([a.id, a.kind, a.position])).sort();
    const walked = (await graph.read(WALK_CYPHER, { studyId }))
      .map((r) => JSON.stringify([r['id'], r['kind'], r['position']]))
      .sort();
    expect(got).toEqual(walked);

    // and by hand: the actors in kind and id order, one row per primary employer
    expect(cat.actors.map((a) => a.id)).toEqual([
      'grp-team',
      'A01',
      'D01',
      'D01',
      'M01',
      'X01',
      'dps-a',
      'nav-a',
    ]);
    const twice = cat.actors.filter((a) => a.id === 'D01').map((a) => a.position['employerKind']);
    expect(twice.sort()).toEqual(['nav_local', 'specialised_health']);
    expect(cat.actors.find((a) => a.id === 'grp-team')?.position).toMatchObject({
      role: 'advisor',
      sector: 'health',
      tier: 'specialised',
    });
    expect(cat.actors.find((a) => a.id === 'X01')?.position).toMatchObject({
      role: null,
      sector: null,
      employerKind: null,
    });
    expect(cat.actors.find((a) => a.id === 'M01')).toMatchObject({
      kind: 'informant',
      label: 'Manager, Nav office',
      position: { role: 'manager', sector: 'nav', employerKind: 'nav_local' },
    });
  });
});
