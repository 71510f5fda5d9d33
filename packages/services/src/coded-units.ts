import { codedUnit, type CodedUnit, type Perspective } from '@iwa/analysis';
import { queryCodedUnits, type Graph, type PositionMap } from '@iwa/graph';

function position(map: PositionMap | null): Record<string, string> | undefined {
  if (!map) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(map)) if (v !== null) out[k] = v;
  return out;
}

/**
 * Loads a study's coded excerpts as analysis units. With `by: 'performer'` the counted
 * "informant" of a unit is its performer, so the informant unit counts performers once each.
 */
export async function loadCodedUnits(
  graph: Graph,
  params: { studyId: string; by: Perspective; coderId?: string | undefined },
): Promise<CodedUnit[]> {
  const rows = await queryCodedUnits(graph, { studyId: params.studyId, coderId: params.coderId });
  return rows.map((r) => {
    const performer = position(r.performer);
    return codedUnit({
      unitId: r.excerptId,
      documentId: r.documentId,
      informantId: params.by === 'performer' ? (r.performerId ?? r.speakerId) : r.speakerId,
      codes: r.codes,
      speaker: position(r.speaker) ?? {},
      ...(performer ? { performer } : {}),
      attributes: {
        // document variables (e.g. the organisation an interview is about and its phase then)
        ...Object.fromEntries(
          Object.entries(r.documentVariables).flatMap(([k, v]) =>
            v === null ? [] : [[k, String(v)]],
          ),
        ),
        performerKind: r.performerKind ?? 'none',
        document: r.documentId,
      },
    });
  });
}
