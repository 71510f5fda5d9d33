import { z } from 'zod';
import { parseRows, type Graph } from '../create-graph.ts';
import { cypherLabel, cypherRelType } from '../cypher-names.ts';
import { PositionMap, positionMapCypher } from './position-fragment.ts';

const ACTORS = [
  cypherLabel('Informant'),
  cypherLabel('Organisation'),
  cypherLabel('ActorGroup'),
].join('|');

/** The study (null when absent) and the ids of every study, for "did you mean". */
export const CATALOGUE_STUDY_CYPHER = `CALL () {
  MATCH (x:${cypherLabel('Study')})
  RETURN collect(x.id) AS studies
}
OPTIONAL MATCH (s:${cypherLabel('Study')} {id: $studyId})
RETURN s.id AS id, s.name AS name, s.json AS json, studies`;

/** The study's codes that are used or codable, with their family and parent. */
export const CATALOGUE_CODES_CYPHER = `MATCH (c:${cypherLabel('Code')} {studyId: $studyId})
OPTIONAL MATCH (c)-[:${cypherRelType('CHILD_OF')}]->(p:${cypherLabel('Code')})
RETURN c.id AS id, c.family AS family, coalesce(c.label, c.id) AS label,
       coalesce(c.isCodable, true) AS isCodable, c.framework AS framework, p.id AS parent
ORDER BY id`;

/**
 * The study's first coder after `$after` in the order of the coder index (migration 4): a skip
 * scan, run once per coder, reads a few index entries each instead of every coding of the study.
 * Both of the index's keys in ORDER BY let the planner take the index's order (no sort).
 */
export const CATALOGUE_NEXT_CODER_CYPHER = `MATCH ()-[cd:${cypherRelType('CODED')}]->()
WHERE cd.studyId = $studyId AND cd.coderId > $after
RETURN cd.coderId AS id
ORDER BY cd.studyId, cd.coderId
LIMIT 1`;

/** The first coder of the study (every string is ≥ ''; the empty string is a coder too). */
export const CATALOGUE_FIRST_CODER_CYPHER = CATALOGUE_NEXT_CODER_CYPHER.replace(
  'cd.coderId > $after',
  "cd.coderId >= ''",
);

/** Every coder of the study with how many codings they made (the explorer's coder list). */
export const CODER_CODINGS_CYPHER = `MATCH ()-[cd:${cypherRelType('CODED')}]->()
WHERE cd.studyId = $studyId AND cd.coderId IN $coders
RETURN cd.coderId AS id, count(*) AS codings
ORDER BY id`;

/**
 * Every actor with its position and its case variables, grouped by position and kind (a study
 * has a few dozen distinct positions: far fewer rows to send than actors). An actor with several
 * Positions or primary employers is in several groups, as `positionOfActorCypher` gives. The
 * Positions and employers are found from their side (a study has a handful of each) and gathered
 * per actor, instead of walking each actor's relationships.
 */
export const CATALOGUE_ACTORS_CYPHER = `CALL () {
  MATCH (a:${ACTORS} {studyId: $studyId})
  RETURN a, null AS p, null AS employer
  UNION ALL
  MATCH (p:${cypherLabel('Position')} {studyId: $studyId})<-[:${cypherRelType('HOLDS')}]-(a:${ACTORS} {studyId: $studyId})
  RETURN a, p, null AS employer
  UNION ALL
  MATCH (employer:${cypherLabel('Organisation')} {studyId: $studyId})<-[:${cypherRelType('EMPLOYED_BY')} {primary: true}]-(a:${ACTORS} {studyId: $studyId})
  RETURN a, null AS p, employer
}
WITH a, collect(p) AS ps, collect(employer) AS employers
UNWIND CASE size(ps) WHEN 0 THEN [null] ELSE ps END AS p
UNWIND CASE size(employers) WHEN 0 THEN [null] ELSE employers END AS employer
${positionMapCypher('')}
WITH pos, CASE WHEN a:${cypherLabel('Informant')} THEN 'informant' WHEN a:${cypherLabel('Organisation')} THEN 'organisation' ELSE 'actor_group' END AS kind, a
RETURN pos AS position, kind, collect([a.id, coalesce(a.pseudonym, a.name, a.label, a.id), a.json]) AS actors`;

/** Every document with its kind and variables (JSON). */
export const CATALOGUE_DOCUMENTS_CYPHER = `MATCH (d:${cypherLabel('Document')} {studyId: $studyId})
RETURN d.id AS id, coalesce(d.title, d.id) AS title, d.kind AS kind, d.variables AS variables
ORDER BY id`;

/** The relation types present between the study's actors. */
export const CATALOGUE_RELATIONS_CYPHER = `MATCH (a:${ACTORS} {studyId: $studyId})-[r]->(:${ACTORS} {studyId: $studyId})
WHERE r.studyId = $studyId
RETURN toLower(type(r)) AS type, count(*) AS n
ORDER BY type`;

const StudyRow = z.object({
  id: z.string().nullable(),
  name: z.string().nullable(),
  json: z.string().nullable(),
  studies: z.array(z.string()),
});
const CodeRow = z.object({
  id: z.string(),
  family: z.string(),
  label: z.string(),
  isCodable: z.boolean(),
  framework: z.string().nullable(),
  parent: z.string().nullable(),
});
const CoderRow = z.object({ id: z.string() });
const CoderCodingsRow = z.object({ id: z.string(), codings: z.number().int() });
const ActorKind = z.enum(['informant', 'organisation', 'actor_group']);
/** One actor with one of its positions (an actor with several has several rows). */
interface ActorRow {
  id: string;
  kind: z.infer<typeof ActorKind>;
  label: string;
  position: PositionMap;
  json: string | null;
}
const ActorGroupRow = z.object({
  position: PositionMap,
  kind: ActorKind,
  /** `[id, label, json]` of each actor with this position and kind. */
  actors: z.array(z.tuple([z.string(), z.string(), z.string().nullable()])),
});

/** Code-unit order, as Cypher's ORDER BY orders strings. */
const byCodeUnits = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);

/** One row per actor and position, ordered by kind and id (the groups taken apart). */
function actorRows(groups: z.infer<typeof ActorGroupRow>[]): ActorRow[] {
  const rows = groups.flatMap(({ position, kind, actors }) =>
    actors.map(([id, label, json]) => ({ id, kind, label, position, json })),
  );
  return rows.sort((a, b) => byCodeUnits(a.kind, b.kind) || byCodeUnits(a.id, b.id));
}
const DocumentRow = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.string().nullable(),
  variables: z.string().nullable(),
});
const RelationRow = z.object({ type: z.string(), n: z.number().int() });

/** A plain value of a case or document variable, as stored. */
export type StoredVariables = Record<string, string | number | boolean | null>;

/** The facts a study's vocabulary is built from (see services' `studyVocabulary`). */
export interface StudyCatalogue {
  /** The study's name and stored record (its manifest without actors), or null when absent. */
  study: { name: string; record: Record<string, unknown> } | null;
  /** The ids of every study in the database. */
  studies: string[];
  codes: z.infer<typeof CodeRow>[];
  coders: z.infer<typeof CoderRow>[];
  actors: (Omit<ActorRow, 'json'> & { variables: StoredVariables })[];
  documents: (Omit<z.infer<typeof DocumentRow>, 'variables'> & { variables: StoredVariables })[];
  relations: z.infer<typeof RelationRow>[];
  /** The parts left out on request (their lists are empty): see {@link CatalogueOptionalPart}. */
  without: CatalogueOptionalPart[];
}

/**
 * Parts of the catalogue a reader may leave out when it names no dimension that needs them: the
 * documents (document variables, `documentKind`, `document`) and the relation types present.
 */
export type CatalogueOptionalPart = 'documents' | 'relations';

function parseVariables(json: string | null, key: 'variables' | null): StoredVariables {
  if (json === null) return {};
  const value = JSON.parse(json) as unknown;
  const vars = key === null ? value : (value as Record<string, unknown> | null)?.[key];
  return vars !== null && typeof vars === 'object' && !Array.isArray(vars)
    ? (vars as StoredVariables)
    : {};
}

/** The study's coders in order, read from the coder index one coder at a time (one transaction). */
async function queryCoders(graph: Graph, p: { studyId: string }): Promise<{ id: string }[]> {
  return graph.readTransaction(async (tx) => {
    const coders: { id: string }[] = [];
    let rows = parseRows(
      await tx.run(CATALOGUE_FIRST_CODER_CYPHER, p),
      CoderRow,
      'catalogue coders',
    );
    while (rows[0] !== undefined) {
      const coder = rows[0];
      coders.push(coder);
      rows = parseRows(
        await tx.run(CATALOGUE_NEXT_CODER_CYPHER, { ...p, after: coder.id }),
        CoderRow,
        'catalogue coders',
      );
    }
    return coders;
  });
}

/**
 * How many codings each named coder made in the study (coders the study lacks are left out):
 * one index seek per coder, each reading that coder's codings.
 */
export async function queryCoderCodings(
  graph: Graph,
  params: { studyId: string; coders: readonly string[] },
): Promise<{ id: string; codings: number }[]> {
  const rows = await graph.read(CODER_CODINGS_CYPHER, {
    studyId: params.studyId,
    coders: [...params.coders],
  });
  return parseRows(rows, CoderCodingsRow, 'coder codings');
}

/**
 * Everything that names a dimension or a value in a study: codes, coders, actors with their
 * positions and case variables, documents with their variables, relation types. One small
 * query each; nothing per excerpt.
 */
export async function queryStudyCatalogue(
  graph: Graph,
  params: { studyId: string; without?: readonly CatalogueOptionalPart[] },
): Promise<StudyCatalogue> {
  const p = { studyId: params.studyId };
  const without = [...new Set(params.without ?? [])].sort();
  const skip = new Set(without);
  const [studyRows, codes, coders, actors, documents, relations] = await Promise.all([
    graph.read(CATALOGUE_STUDY_CYPHER, p).then((r) => parseRows(r, StudyRow, 'catalogue study')),
    graph.read(CATALOGUE_CODES_CYPHER, p).then((r) => parseRows(r, CodeRow, 'catalogue codes')),
    queryCoders(graph, p),
    graph
      .read(CATALOGUE_ACTORS_CYPHER, p)
      .then((r) => actorRows(parseRows(r, ActorGroupRow, 'catalogue actors'))),
    skip.has('documents')
      ? []
      : graph
          .read(CATALOGUE_DOCUMENTS_CYPHER, p)
          .then((r) => parseRows(r, DocumentRow, 'catalogue documents')),
    skip.has('relations')
      ? []
      : graph
          .read(CATALOGUE_RELATIONS_CYPHER, p)
          .then((r) => parseRows(r, RelationRow, 'catalogue relations')),
  ]);
  const study = studyRows[0];
  return {
    study:
      study === undefined || study.id === null
        ? null
        : {
            name: study.name ?? study.id,
            record: study.json ? (JSON.parse(study.json) as Record<string, unknown>) : {},
          },
    studies: [...(study?.studies ?? [])].sort(),
    codes,
    coders,
    actors: actors.map(({ json, ...a }) => ({
      ...a,
      variables: parseVariables(json, 'variables'),
    })),
    documents: documents.map((d) => ({ ...d, variables: parseVariables(d.variables, null) })),
    relations,
    without,
  };
}
