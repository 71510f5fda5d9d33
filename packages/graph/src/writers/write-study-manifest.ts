import type { StudyManifest } from '@iwa/study';
import type { Graph, Runner } from '../create-graph.ts';
import { cypherLabel, cypherRelType } from '../cypher-names.ts';
import { GraphError } from '../graph-error.ts';
import { ACTOR_KINDS, ACTOR_LABEL, RELATION_TYPE, RELATION_TYPES } from './actor-labels.ts';
import { addCounts, upsertNodes, type NodeRow, type UpsertCounts } from './node-upsert.ts';
import { rowHash, toProps } from './row-hash.ts';

/** A code as stored: framework codes and the study's own, one node each per study. */
export interface CodeRow {
  key: string;
  label: string;
  /** The part of the key before the first dot: form, purpose, lns, pillar, theme, flag… */
  family: string;
  /** Where the code comes from, e.g. `cloutier2015`, `lawrence_suddaby2006`, `scott`, `study`. */
  framework: string;
  parentKey?: string | undefined;
  isCodable: boolean;
  guid?: string | undefined;
  colour?: string | undefined;
  description?: string | undefined;
}

export interface ManifestWriteResult {
  study: UpsertCounts;
  nodes: UpsertCounts;
  relations: { written: number; removed: number };
}

function nodeRow(
  id: string,
  entity: Record<string, unknown>,
  flat: Record<string, unknown>,
): NodeRow {
  const json = JSON.stringify(entity);
  return { id, props: { ...toProps(flat), json }, hash: rowHash(json) };
}

export const HOLDS_CYPHER = `UNWIND $rows AS row
MATCH (i:${cypherLabel('Informant')} {studyId: $studyId, id: row.informantId})
OPTIONAL MATCH (i)-[old:${cypherRelType('HOLDS')}]->(p:${cypherLabel('Position')})
WHERE p.id <> coalesce(row.positionId, '')
DELETE old
WITH DISTINCT i, row WHERE row.positionId IS NOT NULL
MATCH (p:${cypherLabel('Position')} {studyId: $studyId, id: row.positionId})
MERGE (i)-[:${cypherRelType('HOLDS')}]->(p)`;

export const CODE_PARENT_CYPHER = `UNWIND $rows AS row
MATCH (c:${cypherLabel('Code')} {studyId: $studyId, id: row.key})
OPTIONAL MATCH (c)-[old:${cypherRelType('CHILD_OF')}]->(p:${cypherLabel('Code')})
WHERE p.id <> coalesce(row.parentKey, '')
DELETE old
WITH DISTINCT c, row WHERE row.parentKey IS NOT NULL
MATCH (p:${cypherLabel('Code')} {studyId: $studyId, id: row.parentKey})
MERGE (c)-[:${cypherRelType('CHILD_OF')}]->(p)`;

export const UPSERT_STUDY_CYPHER = `OPTIONAL MATCH (old:${cypherLabel('Study')} {id: $studyId})
WITH CASE WHEN old IS NULL THEN 'created'
          WHEN coalesce(old.rowHash, '') = $hash THEN 'unchanged' ELSE 'changed' END AS outcome
MERGE (s:${cypherLabel('Study')} {id: $studyId})
WITH s, outcome
FOREACH (_ IN CASE WHEN outcome <> 'unchanged' THEN [1] ELSE [] END |
  SET s = $props, s.id = $studyId, s.rowHash = $hash)
RETURN outcome`;

/** One MERGE statement per (relation type, from kind, to kind): labels come from closed lists. */
export function relationCypher(
  type: keyof typeof RELATION_TYPE,
  from: keyof typeof ACTOR_LABEL,
  to: keyof typeof ACTOR_LABEL,
): string {
  return `UNWIND $rows AS row
MATCH (a:${cypherLabel(ACTOR_LABEL[from])} {studyId: $studyId, id: row.fromId})
MATCH (b:${cypherLabel(ACTOR_LABEL[to])} {studyId: $studyId, id: row.toId})
MERGE (a)-[r:${cypherRelType(RELATION_TYPE[type])} {studyId: $studyId, id: row.id}]->(b)
SET r = row.props, r.studyId = $studyId, r.id = row.id
RETURN count(r) AS written`;
}

/**
 * Removes the study's actor relations that left the manifest, one statement per actor label as
 * the relation's start. It starts from the study's own actors (the `studyId` index of the
 * label), so it reads only this study's relationships, never every relationship of a type in the
 * database. `$keep` holds `TYPE:id` for every relation the manifest still has.
 */
export function staleRelationsCypher(from: keyof typeof ACTOR_LABEL): string {
  return `MATCH (a:${cypherLabel(ACTOR_LABEL[from])} {studyId: $studyId})-[r:${RELATION_TYPES.map((t) => cypherRelType(RELATION_TYPE[t])).join('|')}]->()
WHERE r.studyId = $studyId AND NOT type(r) + ':' + r.id IN $keep
DELETE r
RETURN count(*) AS removed`;
}

/**
 * Writes a study's manifest — the study node, codes, positions, actors and their relations — in
 * one transaction. Unchanged nodes are not touched; relations that left the manifest are removed.
 */
export async function writeStudyManifest(
  graph: Graph,
  params: { manifest: StudyManifest; codes: CodeRow[] },
): Promise<ManifestWriteResult> {
  return graph.writeTransaction((tx) => writeStudyManifestTx(tx, params));
}

/** {@link writeStudyManifest} inside the caller's transaction (a workbench edit and its audit entry). */
export async function writeStudyManifestTx(
  tx: Runner,
  params: { manifest: StudyManifest; codes: CodeRow[] },
): Promise<ManifestWriteResult> {
  const { manifest, codes } = params;
  const studyId = manifest.id;
  {
    const { informants, positions, organisations, actorGroups, relations, memos, ...rest } =
      manifest;
    const studyEntity = { ...rest, memos: memos.filter((m) => m.about.length === 0) };
    const studyProps = {
      ...toProps({
        name: manifest.name,
        description: manifest.description,
        language: manifest.language,
        origin: manifest.origin,
      }),
      json: JSON.stringify(studyEntity),
    };
    const studyHash = rowHash(studyProps);
    const [studyRow] = await tx.run(UPSERT_STUDY_CYPHER, {
      studyId,
      props: studyProps,
      hash: studyHash,
    });
    const study: UpsertCounts = { created: 0, changed: 0, unchanged: 0 };
    study[(studyRow?.outcome as keyof UpsertCounts | undefined) ?? 'changed'] += 1;

    const nodes: UpsertCounts = { created: 0, changed: 0, unchanged: 0 };
    const up = async (label: Parameters<typeof upsertNodes>[1], rows: NodeRow[]): Promise<void> => {
      addCounts(nodes, await upsertNodes(tx, label, { studyId, rows }));
    };
    await up(
      'Code',
      codes.map((c) => nodeRow(c.key, { ...c }, { ...c, id: c.key })),
    );
    await up(
      'Position',
      positions.map((p) => nodeRow(p.id, p, p)),
    );
    await up(
      'Informant',
      informants.map((i) =>
        nodeRow(i.id, i, {
          id: i.id,
          pseudonym: i.pseudonym,
          positionId: i.positionId,
          description: i.description,
        }),
      ),
    );
    await up(
      'Organisation',
      organisations.map((o) => nodeRow(o.id, o, o)),
    );
    await up(
      'ActorGroup',
      actorGroups.map((g) => nodeRow(g.id, g, g)),
    );
    const aboutMemos = memos.filter((m) => m.about.length > 0);
    await up(
      'Memo',
      aboutMemos.map((m) =>
        nodeRow(m.id, m, {
          id: m.id,
          title: m.title,
          text: m.text,
          author: m.author,
          createdAt: m.createdAt,
        }),
      ),
    );

    await tx.run(CODE_PARENT_CYPHER, {
      studyId,
      rows: codes.map((c) => ({ key: c.key, parentKey: c.parentKey ?? null })),
    });
    await tx.run(HOLDS_CYPHER, {
      studyId,
      rows: informants.map((i) => ({ informantId: i.id, positionId: i.positionId ?? null })),
    });

    let written = 0;
    let removed = 0;
    for (const type of RELATION_TYPES) {
      const ofType = relations.filter((r) => r.type === type);
      for (const from of ACTOR_KINDS) {
        for (const to of ACTOR_KINDS) {
          const rows = ofType
            .filter((r) => r.from.kind === from && r.to.kind === to)
            .map((r) => {
              const { id, from: f, to: t, type: _type, ...props } = r;
              return {
                id,
                fromId: f.id,
                toId: t.id,
                props: { ...toProps(props), evidence: r.evidence },
              };
            });
          if (rows.length === 0) continue;
          const res = await tx.run(relationCypher(type, from, to), { studyId, rows });
          const n = Number(res[0]?.written ?? 0);
          if (n !== rows.length) {
            throw new GraphError(
              'not_found',
              `${type} relations of study ${studyId}: ${rows.length - n} of ${rows.length} name an actor that does not exist`,
            );
          }
          written += n;
        }
      }
    }
    const keep = relations.map((r) => `${RELATION_TYPE[r.type]}:${r.id}`);
    for (const from of ACTOR_KINDS) {
      const [stale] = await tx.run(staleRelationsCypher(from), { studyId, keep });
      removed += Number(stale?.removed ?? 0);
    }
    return { study, nodes, relations: { written, removed } };
  }
}
