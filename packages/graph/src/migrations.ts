import { StudyOwnedLabel } from '@iwa/taxonomy';
import { z } from 'zod';
import type { Graph } from './create-graph.ts';
import { cypherLabel, cypherRelType } from './cypher-names.ts';
import { parseRows } from './create-graph.ts';

/** One versioned schema change. Statements are idempotent (`IF NOT EXISTS`), so a re-run is safe. */
export interface Migration {
  version: number;
  name: string;
  statements: string[];
}

/** The labels whose nodes belong to a study: unique on `(studyId, id)` (the taxonomy's list). */
export const STUDY_OWNED_LABELS: readonly StudyOwnedLabel[] = StudyOwnedLabel.options;

/** The full-text index over documents' text (migration 3), which study search queries. */
export const DOCUMENT_TEXT_INDEX = 'document_text';

function snake(label: string): string {
  return label.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}

/** Every migration, in order. Append; never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'study-scoped uniqueness',
    statements: [
      `CREATE CONSTRAINT iwa_migration_version IF NOT EXISTS FOR (m:${cypherLabel('IwaMigration')}) REQUIRE m.version IS UNIQUE`,
      `CREATE CONSTRAINT study_id IF NOT EXISTS FOR (s:${cypherLabel('Study')}) REQUIRE s.id IS UNIQUE`,
      ...STUDY_OWNED_LABELS.map(
        (label) =>
          `CREATE CONSTRAINT ${snake(label)}_study_id IF NOT EXISTS FOR (n:${cypherLabel(label)}) REQUIRE (n.studyId, n.id) IS UNIQUE`,
      ),
    ],
  },
  {
    version: 2,
    name: 'lookup indexes',
    statements: [
      ...STUDY_OWNED_LABELS.map(
        (label) =>
          `CREATE INDEX ${snake(label)}_study IF NOT EXISTS FOR (n:${cypherLabel(label)}) ON (n.studyId)`,
      ),
      `CREATE INDEX code_study_key IF NOT EXISTS FOR (n:${cypherLabel('Code')}) ON (n.studyId, n.key)`,
      `CREATE INDEX excerpt_document IF NOT EXISTS FOR (n:${cypherLabel('Excerpt')}) ON (n.studyId, n.documentId)`,
      `CREATE INDEX phase_event_org IF NOT EXISTS FOR (n:${cypherLabel('PhaseEvent')}) ON (n.studyId, n.organisationId, n.seq)`,
    ],
  },
  {
    version: 3,
    name: 'document full-text index',
    statements: [
      // Lucene's standard-no-stop-words analyser: every word is found, "the" and "not" too
      `CREATE FULLTEXT INDEX ${DOCUMENT_TEXT_INDEX} IF NOT EXISTS FOR (n:${cypherLabel('Document')}) ON EACH [n.text] OPTIONS { indexConfig: { \`fulltext.analyzer\`: 'standard-no-stop-words' } }`,
    ],
  },
  {
    version: 4,
    name: 'coder lookup index',
    statements: [
      // a study's coders read from the index in its order, a few entries each (the catalogue),
      // instead of every coding of the study
      `CREATE INDEX coded_study_coder IF NOT EXISTS FOR ()-[r:${cypherRelType('CODED')}]-() ON (r.studyId, r.coderId)`,
    ],
  },
];

export const APPLIED_MIGRATIONS_CYPHER = `MATCH (m:${cypherLabel('IwaMigration')}) RETURN m.version AS version, m.name AS name ORDER BY version`;
export const RECORD_MIGRATION_CYPHER = `MERGE (m:${cypherLabel('IwaMigration')} {version: $version})
ON CREATE SET m.name = $name, m.appliedAt = datetime()`;

const AppliedRow = z.object({ version: z.number().int(), name: z.string() });

export interface MigrationResult {
  /** Versions applied by this call (empty when the schema was current). */
  applied: number[];
  /** The schema version after the call. */
  version: number;
}

/** Applies the migrations the database lacks, in order, and records each one in the database. */
export async function applyMigrations(
  graph: Graph,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<MigrationResult> {
  const done = new Set(
    parseRows(await graph.read(APPLIED_MIGRATIONS_CYPHER), AppliedRow, 'applied migrations').map(
      (r) => r.version,
    ),
  );
  const applied: number[] = [];
  for (const migration of migrations) {
    if (done.has(migration.version)) continue;
    for (const statement of migration.statements) await graph.runAutoCommit(statement);
    await graph.run(RECORD_MIGRATION_CYPHER, { version: migration.version, name: migration.name });
    applied.push(migration.version);
  }
  const version = Math.max(0, ...migrations.map((m) => m.version));
  return { applied, version };
}

const SchemaRow = z.object({ kind: z.string(), name: z.string(), detail: z.string() });
export type SchemaItem = z.infer<typeof SchemaRow>;

export const SHOW_CONSTRAINTS_CYPHER =
  "SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties RETURN 'constraint' AS kind, name, type + ' ' + coalesce(reduce(s = '', l IN labelsOrTypes | s + l), '') + '(' + coalesce(reduce(s = '', p IN properties | s + p + ','), '') + ')' AS detail ORDER BY name";
export const SHOW_INDEXES_CYPHER =
  "SHOW INDEXES YIELD name, type, labelsOrTypes, properties, state RETURN 'index' AS kind, name, type + ' ' + coalesce(reduce(s = '', l IN labelsOrTypes | s + l), '') + '(' + coalesce(reduce(s = '', p IN properties | s + p + ','), '') + ') ' + state AS detail ORDER BY name";

/** The database's constraints and indexes, sorted: what migrations produce. */
export async function listSchema(graph: Graph): Promise<SchemaItem[]> {
  const constraints = parseRows(
    await graph.runAutoCommit(SHOW_CONSTRAINTS_CYPHER),
    SchemaRow,
    'show constraints',
  );
  const indexes = parseRows(
    await graph.runAutoCommit(SHOW_INDEXES_CYPHER),
    SchemaRow,
    'show indexes',
  );
  return [...constraints, ...indexes];
}

/** Waits until every index is online (after migrations on a fresh database). */
export async function awaitIndexes(graph: Graph, timeoutSeconds = 300): Promise<void> {
  await graph.runAutoCommit(`CALL db.awaitIndexes(${Math.trunc(timeoutSeconds)})`);
}
