import type { NodeLabel } from '@iwa/taxonomy';
import { z } from 'zod';
import type { Graph } from '../create-graph.ts';
import { parseRows } from '../create-graph.ts';
import { cypherLabel } from '../cypher-names.ts';
import { STUDY_OWNED_LABELS } from '../migrations.ts';

/** How far a deletion has come: called after every committed batch. */
export interface DeleteProgress {
  label: NodeLabel;
  /** Relationships and nodes of the study removed so far (all labels). */
  relationships: number;
  nodes: number;
}

export interface DeleteStudyParams {
  studyId: string;
  /**
   * Relationships or nodes deleted per transaction (default 10,000). Each batch is its own
   * transaction, so a study of any size is deleted within the server's transaction memory.
   */
  batchSize?: number;
  onProgress?: (progress: DeleteProgress) => void;
}

/**
 * Excerpts first: they hold nearly all of a study's relationships (IN, SPOKEN_BY, PERFORMED_BY,
 * CODED), each excerpt only a few, so the codes, actors and documents at their other end have
 * few left when their turn comes.
 */
const DELETE_ORDER: readonly NodeLabel[] = [
  'Excerpt',
  ...STUDY_OWNED_LABELS.filter((l) => l !== 'Excerpt'),
];

/** One batch of a label's relationships (either direction), at most `$batch` of them. */
export function deleteRelationshipsCypher(label: NodeLabel): string {
  return `MATCH (n:${cypherLabel(label)} {studyId: $studyId})-[r]-()
WITH DISTINCT r LIMIT toInteger($batch)
DELETE r
RETURN count(r) AS deleted`;
}

/** One batch of a label's nodes, which have no relationships left (DETACH for safety). */
export function deleteNodesCypher(label: NodeLabel): string {
  return `MATCH (n:${cypherLabel(label)} {studyId: $studyId})
WITH n LIMIT toInteger($batch)
DETACH DELETE n
RETURN count(n) AS deleted`;
}

export const DELETE_STUDY_NODE_CYPHER = `MATCH (s:${cypherLabel('Study')} {id: $studyId})
DETACH DELETE s
RETURN count(s) AS deleted`;

const DeletedRow = z.object({ deleted: z.number().int() });

/**
 * Deletes a study and everything it owns; returns the number of nodes removed. Relationships go
 * first, label by label, then the nodes, each in transactions of at most `batchSize` (so a study
 * of a million codings never needs one large transaction). A deletion that stops half-way leaves
 * a smaller study that the same call deletes.
 */
export async function deleteStudy(graph: Graph, params: DeleteStudyParams): Promise<number> {
  const { studyId } = params;
  const batch = params.batchSize ?? 10_000;
  if (!Number.isInteger(batch) || batch < 1)
    throw new RangeError(`deleteStudy: batchSize must be a positive integer, got ${batch}`);
  const done = { relationships: 0, nodes: 0 };
  const step = async (cypher: string): Promise<number> => {
    const rows = parseRows(await graph.run(cypher, { studyId, batch }), DeletedRow, 'delete study');
    return rows.reduce((sum, r) => sum + r.deleted, 0);
  };
  for (const label of DELETE_ORDER) {
    for (const [cypher, key] of [
      [deleteRelationshipsCypher(label), 'relationships'],
      [deleteNodesCypher(label), 'nodes'],
    ] as const) {
      for (;;) {
        const n = await step(cypher);
        if (n === 0) break;
        done[key] += n;
        params.onProgress?.({ label, ...done });
        if (n < batch) break;
      }
    }
  }
  done.nodes += await step(DELETE_STUDY_NODE_CYPHER);
  return done.nodes;
}
