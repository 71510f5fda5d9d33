import { z } from 'zod';
import { parseRows, type Graph } from '../create-graph.ts';
import { cypherLabel, cypherRelType } from '../cypher-names.ts';
import { PositionMap, positionOfActorCypher } from './position-fragment.ts';

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

/** Every coder of the study with how many codings they made. */
export const CATALOGUE_CODERS_CYPHER = `MATCH (:${cypherLabel('Excerpt')} {studyId: $studyId})-[cd:${cypherRelType('CODED')}]->()
RETURN cd.coderId AS id, count(*) AS codings
ORDER BY id`;

/** Every actor once, with its position (computed once per actor) and its case variables. */
export const CATALOGUE_ACTORS_CYPHER = `MATCH (a:${ACTORS} {studyId: $studyId})
CALL (a) {
  ${positionOfActorCypher('').replaceAll('\n', '\n  ')}
  RETURN pos
}
RETURN a.id AS id,
       CASE WHEN a:${cypherLabel('Informant')} THEN 'informant' WHEN a:${cypherLabel('Organisation')} THEN 'organisation' ELSE 'actor_group' END AS kind,
       coalesce(a.pseudonym, a.name, a.label, a.id) AS label, pos AS position, a.json AS json
ORDER BY kind, id`;

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
const CoderRow = z.object({ id: z.string(), codings: z.number().int() });
const ActorRow = z.object({
  id: z.string(),
  kind: z.enum(['informant', 'organisation', 'actor_group']),
  label: z.string(),
  position: PositionMap,
  json: z.string().nullable(),
});
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
  actors: (Omit<z.infer<typeof ActorRow>, 'json'> & { variables: StoredVariables })[];
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
    graph.read(CATALOGUE_CODERS_CYPHER, p).then((r) => parseRows(r, CoderRow, 'catalogue coders')),
    graph.read(CATALOGUE_ACTORS_CYPHER, p).then((r) => parseRows(r, ActorRow, 'catalogue actors')),
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
