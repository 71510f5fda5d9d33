/**
 * Reference implementation used by the benchmarks (apps/bench), not by iwa itself: the plainest
 * batched writer for the rows iwa's importer writes. One `UNWIND` statement per kind of row
 * (nodes, each excerpt with its relationships), `CREATE` into an empty study, no change detection, no
 * hashing, no row checks. It is the floor the importer is measured against: whatever the
 * importer spends beyond it buys idempotence, change detection and validation.
 */
import type { DocumentBundle, StudyManifest } from '@iwa/study';
import type { Graph, Runner } from '../create-graph.ts';
import type { CodeRow } from '../writers/write-study-manifest.ts';
import { cypherLabel as L, cypherRelType as R } from '../cypher-names.ts';
import { ACTOR_LABEL, RELATION_TYPE } from '../writers/actor-labels.ts';
import type { NodeLabel, RelType } from '@iwa/taxonomy';

export const FLOOR_STUDY_CYPHER = `CREATE (s:${L('Study')} {id: $studyId, name: $name})`;

/** `CREATE` nodes of one label from rows of flat properties (labels are fixed strings here). */
const createNodes = (label: NodeLabel): string => `UNWIND $rows AS row
CREATE (n:${L(label)})
SET n = row, n.studyId = $studyId`;

export const FLOOR_CODES_CYPHER = createNodes('Code');
export const FLOOR_POSITIONS_CYPHER = createNodes('Position');
export const FLOOR_INFORMANTS_CYPHER = createNodes('Informant');
export const FLOOR_ORGANISATIONS_CYPHER = createNodes('Organisation');
export const FLOOR_ACTOR_GROUPS_CYPHER = createNodes('ActorGroup');

export const FLOOR_CHILD_OF_CYPHER = `UNWIND $rows AS row
MATCH (c:${L('Code')} {studyId: $studyId, id: row.key})
MATCH (p:${L('Code')} {studyId: $studyId, id: row.parentKey})
CREATE (c)-[:${R('CHILD_OF')}]->(p)`;

export const FLOOR_HOLDS_CYPHER = `UNWIND $rows AS row
MATCH (i:${L('Informant')} {studyId: $studyId, id: row.informantId})
MATCH (p:${L('Position')} {studyId: $studyId, id: row.positionId})
CREATE (i)-[:${R('HOLDS')}]->(p)`;

const ACTOR_LABELS = ACTOR_LABEL;
const RELATION_TYPES = RELATION_TYPE;

/** One statement per (relation type, from label, to label). */
export function floorRelationCypher(type: RelType, from: NodeLabel, to: NodeLabel): string {
  return `UNWIND $rows AS row
MATCH (a:${L(from)} {studyId: $studyId, id: row.fromId})
MATCH (b:${L(to)} {studyId: $studyId, id: row.toId})
CREATE (a)-[r:${R(type)}]->(b)
SET r = row.props, r.studyId = $studyId, r.id = row.id`;
}

export const FLOOR_DOCUMENTS_CYPHER = `UNWIND $rows AS row
CREATE (d:${L('Document')})
SET d = row.props, d.studyId = $studyId`;

export const FLOOR_WITH_CYPHER = `UNWIND $rows AS row
MATCH (d:${L('Document')} {studyId: $studyId, id: row.documentId})
MATCH (i:${L('Informant')} {studyId: $studyId, id: row.informantId})
CREATE (d)-[:${R('WITH')}]->(i)`;

/**
 * Each excerpt with its `IN`, `SPOKEN_BY`, `PERFORMED_BY` and `CODED` relationships in the
 * statement that creates it (the performer matched by a `CALL` per kind, with a null id for the
 * other kinds), no counts, no checks.
 */
export const FLOOR_EXCERPTS_CYPHER = `UNWIND $rows AS row
MATCH (d:${L('Document')} {studyId: $studyId, id: row.props.documentId})
CREATE (e:${L('Excerpt')})
SET e = row.props, e.studyId = $studyId
CREATE (e)-[:${R('IN')}]->(d)
WITH e, row
CALL (e, row) {
  MATCH (i:${L('Informant')} {studyId: $studyId, id: row.speaker})
  CREATE (e)-[:${R('SPOKEN_BY')}]->(i)
}
${Object.entries(ACTOR_LABEL)
  .map(
    ([kind, label]) => `CALL (e, row) {
  MATCH (a:${L(label)} {studyId: $studyId, id: row.performer.${kind}})
  CREATE (e)-[:${R('PERFORMED_BY')} {source: row.performerSource}]->(a)
}`,
  )
  .join('\n')}
CALL (e, row) {
  UNWIND row.codings AS c
  MATCH (code:${L('Code')} {studyId: $studyId, id: c.code})
  CREATE (e)-[:${R('CODED')} {id: c.id, coderId: c.coderId, studyId: $studyId}]->(code)
}`;

/** Drops undefined values: Neo4j properties cannot hold them. */
function defined(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) if (v !== undefined) out[k] = v;
  return out;
}

/** Writes the manifest rows (study, codes, positions, actors, relations) in one transaction. */
export async function writeFloorManifest(
  graph: Graph,
  params: { manifest: StudyManifest; codes: CodeRow[] },
): Promise<void> {
  const { manifest, codes } = params;
  const studyId = manifest.id;
  await graph.writeTransaction(async (tx: Runner) => {
    await tx.run(FLOOR_STUDY_CYPHER, { studyId, name: manifest.name });
    await tx.run(FLOOR_CODES_CYPHER, {
      studyId,
      rows: codes.map((c) =>
        defined({
          id: c.key,
          key: c.key,
          label: c.label,
          family: c.family,
          framework: c.framework,
          isCodable: c.isCodable,
        }),
      ),
    });
    await tx.run(FLOOR_POSITIONS_CYPHER, {
      studyId,
      rows: manifest.positions.map((p) => defined({ ...p })),
    });
    await tx.run(FLOOR_INFORMANTS_CYPHER, {
      studyId,
      rows: manifest.informants.map((i) =>
        defined({ id: i.id, pseudonym: i.pseudonym, positionId: i.positionId }),
      ),
    });
    await tx.run(FLOOR_ORGANISATIONS_CYPHER, {
      studyId,
      rows: manifest.organisations.map((o) => defined({ ...o })),
    });
    await tx.run(FLOOR_ACTOR_GROUPS_CYPHER, {
      studyId,
      rows: manifest.actorGroups.map((g) => defined({ ...g })),
    });
    await tx.run(FLOOR_CHILD_OF_CYPHER, {
      studyId,
      rows: codes.filter((c) => c.parentKey).map((c) => ({ key: c.key, parentKey: c.parentKey })),
    });
    await tx.run(FLOOR_HOLDS_CYPHER, {
      studyId,
      rows: manifest.informants
        .filter((i) => i.positionId)
        .map((i) => ({ informantId: i.id, positionId: i.positionId })),
    });
    const groups = new Map<string, Record<string, unknown>[]>();
    for (const r of manifest.relations) {
      const { id, from, to, type, evidence, ...props } = r;
      const cypher = floorRelationCypher(
        RELATION_TYPES[type],
        ACTOR_LABELS[from.kind],
        ACTOR_LABELS[to.kind],
      );
      const rows = groups.get(cypher) ?? [];
      rows.push({ id, fromId: from.id, toId: to.id, props: defined({ ...props, evidence }) });
      groups.set(cypher, rows);
    }
    for (const [cypher, rows] of groups) await tx.run(cypher, { studyId, rows });
  });
}

/** Writes a batch of documents with their excerpts and codings in one transaction. */
export async function writeFloorDocuments(
  graph: Graph,
  params: { studyId: string; bundles: DocumentBundle[] },
): Promise<{ excerpts: number; codings: number }> {
  const { studyId, bundles } = params;
  const excerpts = bundles.flatMap((b) => b.excerpts);
  const codings = bundles.flatMap((b) => b.codings);
  await graph.writeTransaction(async (tx: Runner) => {
    await tx.run(FLOOR_DOCUMENTS_CYPHER, {
      studyId,
      rows: bundles.map((b) => ({
        props: defined({
          id: b.document.id,
          title: b.document.title,
          kind: b.document.kind,
          text: b.document.text,
          contentHash: b.document.contentHash,
          participants: b.document.participants,
        }),
      })),
    });
    await tx.run(FLOOR_WITH_CYPHER, {
      studyId,
      rows: bundles.flatMap((b) =>
        b.document.participants.map((p) => ({ documentId: b.document.id, informantId: p })),
      ),
    });
    const codingsOf = new Map<string, Record<string, unknown>[]>();
    for (const c of codings) {
      const list = codingsOf.get(c.excerptId) ?? [];
      list.push({ id: c.id, code: c.code, coderId: c.coderId });
      codingsOf.set(c.excerptId, list);
    }
    await tx.run(FLOOR_EXCERPTS_CYPHER, {
      studyId,
      rows: excerpts.map((x) => ({
        props: defined({
          id: x.id,
          documentId: x.documentId,
          start: x.start,
          end: x.end,
          text: x.text,
          performerSource: x.performerSource,
          speakerKind: x.speaker?.kind,
          speakerId: x.speaker?.id,
          performerKind: x.performer?.kind,
          performerId: x.performer?.id,
        }),
        speaker: x.speaker?.kind === 'informant' ? x.speaker.id : null,
        performer: Object.fromEntries(
          Object.keys(ACTOR_LABEL).map((k) => [k, x.performer?.kind === k ? x.performer.id : null]),
        ),
        performerSource: x.performerSource ?? null,
        codings: codingsOf.get(x.id) ?? [],
      })),
    });
  });
  return { excerpts: excerpts.length, codings: codings.length };
}
