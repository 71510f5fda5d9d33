import {
  ActorGroup,
  ActorRelation,
  Excerpt,
  Informant,
  Memo,
  Organisation,
  Position,
  Study,
  StudyDocument,
  StudyManifest,
  type ActorKind,
} from '@iwa/study';
import { z } from 'zod';
import { parseRows, type Graph, type Runner } from '../create-graph.ts';
import { cypherLabel, cypherRelType } from '../cypher-names.ts';
import { GraphError } from '../graph-error.ts';
import { ACTOR_LABEL, RELATION_TYPE, RELATION_TYPES } from '../writers/actor-labels.ts';

const JsonRow = z.object({ json: z.string() });

export const READ_STUDY_NODE_CYPHER = `MATCH (s:${cypherLabel('Study')} {id: $studyId}) RETURN s.json AS json, s.name AS name`;

export function entityJsonCypher(
  label: 'Informant' | 'Position' | 'Organisation' | 'ActorGroup' | 'Memo',
): string {
  return `MATCH (n:${cypherLabel(label)} {studyId: $studyId}) WHERE n.json IS NOT NULL AND n.documentId IS NULL
RETURN n.json AS json ORDER BY n.id`;
}

export const READ_RELATIONS_CYPHER = `MATCH (a {studyId: $studyId})-[r]->(b {studyId: $studyId})
WHERE type(r) IN $types AND r.studyId = $studyId
RETURN r.id AS id, toLower(type(r)) AS type, a.id AS fromId, labels(a) AS fromLabels, b.id AS toId, labels(b) AS toLabels,
       properties(r) AS props
ORDER BY r.id`;

export const READ_DOCUMENTS_CYPHER = `MATCH (d:${cypherLabel('Document')} {studyId: $studyId})
RETURN properties(d) AS props ORDER BY d.id`;

export const READ_EXCERPTS_CYPHER = `MATCH (e:${cypherLabel('Excerpt')} {studyId: $studyId})
OPTIONAL MATCH (e)-[c:${cypherRelType('CODED')}]->(code:${cypherLabel('Code')})
WITH e, collect(CASE WHEN c IS NULL THEN NULL ELSE {id: c.id, code: code.id, coderId: c.coderId, at: c.at} END) AS codings
RETURN properties(e) AS props, codings ORDER BY e.documentId, e.start, e.id`;

export const READ_DOCUMENT_MEMOS_CYPHER = `MATCH (m:${cypherLabel('Memo')} {studyId: $studyId}) WHERE m.documentId IS NOT NULL
RETURN m.json AS json ORDER BY m.id`;

const KIND_OF_LABEL: Record<string, ActorKind> = {
  [ACTOR_LABEL.informant]: 'informant',
  [ACTOR_LABEL.organisation]: 'organisation',
  [ACTOR_LABEL.actor_group]: 'actor_group',
};

function kindOf(labels: string[]): ActorKind {
  for (const l of labels) {
    const kind = KIND_OF_LABEL[l];
    if (kind) return kind;
  }
  throw new GraphError(
    'invalid_row',
    `A relation end has none of the actor labels (${labels.join(', ')})`,
  );
}

const drop = (props: Record<string, unknown>, keys: string[]): Record<string, unknown> =>
  Object.fromEntries(Object.entries(props).filter(([k]) => !keys.includes(k)));

/**
 * Reads a study's manifest (everything but its documents, excerpts, codings and the memos on
 * them) inside the caller's transaction, as the `@iwa/study` model: what a change to the
 * codebook or the actors reads, edits and writes back in one transaction.
 */
export async function readStudyManifestTx(
  tx: Runner,
  params: { studyId: string },
): Promise<StudyManifest> {
  const { studyId } = params;
  const studyRows = parseRows(
    await tx.run(READ_STUDY_NODE_CYPHER, { studyId }),
    JsonRow.extend({ name: z.string() }),
    'study',
  );
  const head = studyRows[0];
  if (!head) throw new GraphError('not_found', `No study ${studyId}`);
  const rest = JSON.parse(head.json) as Record<string, unknown>;
  const entities = async <T extends z.ZodType>(
    label: Parameters<typeof entityJsonCypher>[0],
    schema: T,
  ): Promise<z.output<T>[]> =>
    parseRows(await tx.run(entityJsonCypher(label), { studyId }), JsonRow, label).map((r) =>
      schema.parse(JSON.parse(r.json)),
    );
  // one statement at a time: a transaction runs them in order anyway
  const informants = await entities('Informant', Informant);
  const positions = await entities('Position', Position);
  const organisations = await entities('Organisation', Organisation);
  const actorGroups = await entities('ActorGroup', ActorGroup);
  const aboutMemos = await entities('Memo', Memo);
  const relationRows = parseRows(
    await tx.run(READ_RELATIONS_CYPHER, {
      studyId,
      types: RELATION_TYPES.map((t) => RELATION_TYPE[t]),
    }),
    z.object({
      id: z.string(),
      type: z.string(),
      fromId: z.string(),
      fromLabels: z.array(z.string()),
      toId: z.string(),
      toLabels: z.array(z.string()),
      props: z.record(z.string(), z.unknown()),
    }),
    'relations',
  );
  const relations = relationRows.map((r) =>
    ActorRelation.parse({
      ...drop(r.props, ['studyId', 'id']),
      id: r.id,
      type: r.type,
      from: { kind: kindOf(r.fromLabels), id: r.fromId },
      to: { kind: kindOf(r.toLabels), id: r.toId },
    }),
  );
  const studyMemos = Memo.array().parse(rest.memos ?? []);
  return StudyManifest.parse({
    ...rest,
    id: studyId,
    name: head.name,
    informants,
    positions,
    organisations,
    actorGroups,
    relations,
    memos: [...studyMemos, ...aboutMemos],
  });
}

/**
 * Reads a whole study back from the graph as the `@iwa/study` model (for exports). What the
 * importers stored comes back field for field; the result is validated with the model's schema.
 */
export async function readStudy(graph: Graph, params: { studyId: string }): Promise<Study> {
  const { studyId } = params;
  const manifest = await readStudyManifestTx({ run: (c, p) => graph.read(c, p) }, { studyId });
  const documents = parseRows(
    await graph.read(READ_DOCUMENTS_CYPHER, { studyId }),
    z.object({ props: z.record(z.string(), z.unknown()) }),
    'documents',
  ).map(({ props }) =>
    StudyDocument.parse({
      ...drop(props, ['studyId', 'payloadHash', 'turns', 'variables']),
      turns: JSON.parse(typeof props.turns === 'string' ? props.turns : '[]') as unknown,
      ...(typeof props.variables === 'string'
        ? { variables: JSON.parse(props.variables) as unknown }
        : {}),
    }),
  );
  const excerptRows = parseRows(
    await graph.read(READ_EXCERPTS_CYPHER, { studyId }),
    z.object({
      props: z.record(z.string(), z.unknown()),
      codings: z.array(
        z.object({
          id: z.string(),
          code: z.string(),
          coderId: z.string(),
          at: z.string().nullable(),
        }),
      ),
    }),
    'excerpts',
  );
  const excerpts = excerptRows.map(({ props }) => {
    const { speakerKind, speakerId, performerKind, performerId, ...rest } = drop(props, [
      'studyId',
    ]);
    return Excerpt.parse({
      ...rest,
      ...(speakerKind ? { speaker: { kind: speakerKind, id: speakerId } } : {}),
      ...(performerKind ? { performer: { kind: performerKind, id: performerId } } : {}),
    });
  });
  const codings = excerptRows.flatMap((r, i) =>
    r.codings.map((c) => ({
      id: c.id,
      excerptId: excerpts[i]?.id ?? '',
      code: c.code,
      coderId: c.coderId,
      ...(c.at ? { at: c.at } : {}),
    })),
  );
  const documentMemos = parseRows(
    await graph.read(READ_DOCUMENT_MEMOS_CYPHER, { studyId }),
    JsonRow,
    'memos',
  ).map((r) => Memo.parse(JSON.parse(r.json)));
  return Study.parse({
    ...manifest,
    memos: [...manifest.memos, ...documentMemos],
    documents,
    excerpts,
    codings,
  });
}
