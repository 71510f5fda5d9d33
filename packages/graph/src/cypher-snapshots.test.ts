/// <reference types="vite/client" />
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AggregateQuery } from './queries/aggregate-units.ts';
import { ExcerptQuery } from './queries/query-excerpts.ts';
import { UnitSelection } from './queries/unit-selection.ts';

/*
 * The Cypher snapshot tier (neo4j/graphql's "TCK" without a database): every Cypher text that a
 * module of @iwa/graph exports is pinned here as an inline snapshot, so a change to a query or
 * a writer shows in review as a changed snapshot. Run with `pnpm test:unit`; no Neo4j needed.
 * The last test enumerates the package's exports and fails when one holding Cypher has no
 * snapshot below: add a `text(…)` or `built(…)` line for it and run `vitest -u`.
 */

type Module = Record<string, unknown>;

/** A selection as the matrix of ips-norway makes it: two coders, managers' operational work. */
const SELECTION = {
  studyId: 'ips-norway',
  coders: { coders: ['hilde', 'jonas'], need: 'all' },
  where: [
    { source: { kind: 'codes', family: 'form' }, values: ['operational', 'relational'] },
    {
      anyOf: [
        {
          source: { kind: 'actor', of: 'performer', values: { 'inf-1': ['manager'] } },
          values: ['manager'],
        },
        {
          source: { kind: 'document', values: { 'doc-1': ['2021'] } },
          values: ['2021'],
          negate: true,
        },
      ],
    },
  ],
} as const;
const MODULES = import.meta.glob<Module>(['./**/*.ts', '!./**/*.test.ts', '!./index.ts'], {
  eager: true,
});

/** Whether a string reads as Cypher. */
const isCypher = (v: unknown): boolean =>
  typeof v === 'string' && /\b(MATCH|MERGE|CREATE|UNWIND|RETURN|SHOW|CALL)\b/.test(v);

function exported(path: string, name: string): unknown {
  const mod = MODULES[path];
  if (mod === undefined) throw new Error(`no module ${path}`);
  if (!(name in mod)) throw new Error(`${path} exports no ${name}`);
  return mod[name];
}

/** An exported Cypher text (or list of texts). */
function text(path: string, name: string): unknown {
  const v = exported(path, name);
  expect(isCypher(v) || (Array.isArray(v) && v.some(isCypher))).toBe(true);
  return v;
}

/** The Cypher an exported builder makes from these arguments. */
function built(path: string, name: string, ...args: unknown[]): unknown {
  const fn = exported(path, name);
  if (typeof fn !== 'function') throw new Error(`${path} ${name} is not a function`);
  const v: unknown = (fn as (...a: unknown[]) => unknown)(...args);
  return v;
}

describe('baselines/naive-writer.ts', () => {
  it('NAIVE_DOCUMENT_CYPHER', () => {
    expect(text('./baselines/naive-writer.ts', 'NAIVE_DOCUMENT_CYPHER')).toMatchInlineSnapshot(`
      "CREATE (d:\`Document\`) SET d = $props, d.studyId = $studyId
      WITH d
      UNWIND $participants AS pid
      MATCH (i:\`Informant\` {studyId: $studyId, id: pid})
      CREATE (d)-[:\`WITH\`]->(i)"
    `);
  });
  it('NAIVE_EXCERPT_CYPHER', () => {
    expect(text('./baselines/naive-writer.ts', 'NAIVE_EXCERPT_CYPHER')).toMatchInlineSnapshot(`
      "MATCH (d:\`Document\` {studyId: $studyId, id: $documentId})
      CREATE (e:\`Excerpt\`) SET e = $props, e.studyId = $studyId
      CREATE (e)-[:\`IN\`]->(d)"
    `);
  });
  it('NAIVE_SPOKEN_BY_CYPHER', () => {
    expect(text('./baselines/naive-writer.ts', 'NAIVE_SPOKEN_BY_CYPHER')).toMatchInlineSnapshot(`
      "MATCH (e:\`Excerpt\` {studyId: $studyId, id: $excerptId})
      MATCH (i:\`Informant\` {studyId: $studyId, id: $informantId})
      CREATE (e)-[:\`SPOKEN_BY\`]->(i)"
    `);
  });
  it('NAIVE_CODING_CYPHER', () => {
    expect(text('./baselines/naive-writer.ts', 'NAIVE_CODING_CYPHER')).toMatchInlineSnapshot(`
      "MATCH (e:\`Excerpt\` {studyId: $studyId, id: $excerptId})
      MATCH (c:\`Code\` {studyId: $studyId, id: $code})
      CREATE (e)-[:\`CODED\` {id: $id, coderId: $coderId, studyId: $studyId}]->(c)"
    `);
  });
});

describe('baselines/reference-queries.ts', () => {
  it('REFERENCE_MATRIX_CYPHER', () => {
    expect(text('./baselines/reference-queries.ts', 'REFERENCE_MATRIX_CYPHER'))
      .toMatchInlineSnapshot(`
        "MATCH (e:\`Excerpt\` {studyId: $studyId})-[:\`SPOKEN_BY\`]->(i:\`Informant\`)-[:\`HOLDS\`]->(p:\`Position\`)
        MATCH (e)-[:\`CODED\`]->(c:\`Code\`)
        WHERE c.family = $family
        RETURN p[$dimension] AS row, c.id AS col, count(DISTINCT e) AS excerpts,
               count(DISTINCT i) AS informants, count(DISTINCT e.documentId) AS documents"
      `);
  });
  it('REFERENCE_EXCERPTS_CYPHER', () => {
    expect(text('./baselines/reference-queries.ts', 'REFERENCE_EXCERPTS_CYPHER'))
      .toMatchInlineSnapshot(`
      "MATCH (e:\`Excerpt\` {studyId: $studyId})-[:\`SPOKEN_BY\`]->(i:\`Informant\`)-[:\`HOLDS\`]->(p:\`Position\`)
      WHERE p[$dimension] = $value
        AND EXISTS { (e)-[:\`CODED\`]->(:\`Code\` {studyId: $studyId, id: $code}) }
      WITH e, i, p ORDER BY e.documentId, e.start, e.id
      WITH collect({e: e, i: i, p: p}) AS cell
      UNWIND cell[$offset..($offset + $limit)] AS m
      WITH size(cell) AS total, m.e AS e, m.i AS i, m.p AS p
      MATCH (e)-[:\`IN\`]->(d:\`Document\`)
      OPTIONAL MATCH (e)-[:\`PERFORMED_BY\`]->(a)
      CALL (e) {
        MATCH (e)-[cd:\`CODED\`]->(c:\`Code\`)
        RETURN collect(DISTINCT c.id) AS codes, collect(DISTINCT cd.coderId) AS coders
      }
      WITH total, e, i, p, d, a, codes, coders,
           CASE WHEN e.start < $context THEN 0 ELSE e.start - $context END AS from
      RETURN total, e.id AS id, e.documentId AS documentId, coalesce(d.title, d.id) AS documentTitle,
             e.start AS start, e.end AS end, e.text AS text,
             substring(d.text, from, e.start - from) AS before,
             substring(d.text, e.end, $context) AS after,
             i.id AS speakerId, p { .* } AS speakerPosition, a.id AS performerId, codes, coders"
    `);
  });
  it('REFERENCE_COOCCURRENCE_CYPHER', () => {
    expect(text('./baselines/reference-queries.ts', 'REFERENCE_COOCCURRENCE_CYPHER'))
      .toMatchInlineSnapshot(`
      "MATCH (e:\`Excerpt\` {studyId: $studyId})-[:\`CODED\`]->(a:\`Code\`)
      WHERE a.family = $familyA
      MATCH (e)-[:\`CODED\`]->(b:\`Code\`)
      WHERE b.family = $familyB AND b <> a
      RETURN a.id AS a, b.id AS b, count(DISTINCT e) AS n12"
    `);
  });
  it('REFERENCE_CODE_TOTALS_CYPHER', () => {
    expect(text('./baselines/reference-queries.ts', 'REFERENCE_CODE_TOTALS_CYPHER'))
      .toMatchInlineSnapshot(`
      "MATCH (e:\`Excerpt\` {studyId: $studyId})-[:\`CODED\`]->(c:\`Code\`)
      WHERE c.family IN [$familyA, $familyB]
      RETURN c.id AS code, count(DISTINCT e) AS n"
    `);
  });
  it('REFERENCE_ACTOR_NODES_CYPHER', () => {
    expect(text('./baselines/reference-queries.ts', 'REFERENCE_ACTOR_NODES_CYPHER'))
      .toMatchInlineSnapshot(`
      "MATCH (a:\`Informant\`|\`Organisation\`|\`ActorGroup\` {studyId: $studyId})
      OPTIONAL MATCH (a)-[:\`HOLDS\`]->(p:\`Position\`)
      RETURN a.id AS id, labels(a)[0] AS label, coalesce(a.pseudonym, a.name, a.label, a.id) AS name,
             p { .* } AS position,
             COUNT { (:\`Excerpt\`)-[:\`PERFORMED_BY\`]->(a) } AS performed,
             COUNT { (:\`Excerpt\`)-[:\`SPOKEN_BY\`]->(a) } AS spoken"
    `);
  });
  it('REFERENCE_ACTOR_EDGES_CYPHER', () => {
    expect(text('./baselines/reference-queries.ts', 'REFERENCE_ACTOR_EDGES_CYPHER'))
      .toMatchInlineSnapshot(`
      "MATCH (a:\`Informant\`|\`Organisation\`|\`ActorGroup\` {studyId: $studyId})-[r]->(b:\`Informant\`|\`Organisation\`|\`ActorGroup\`)
      WHERE type(r) IN $types
      RETURN r.id AS id, a.id AS source, b.id AS target, type(r) AS type,
             r.participation AS participation, r.primary AS primary, size(coalesce(r.evidence, [])) AS evidenceCount"
    `);
  });
});

describe('baselines/unwind-floor.ts', () => {
  it('FLOOR_STUDY_CYPHER', () => {
    expect(text('./baselines/unwind-floor.ts', 'FLOOR_STUDY_CYPHER')).toMatchInlineSnapshot(
      `"CREATE (s:\`Study\` {id: $studyId, name: $name})"`,
    );
  });
  it('FLOOR_CODES_CYPHER', () => {
    expect(text('./baselines/unwind-floor.ts', 'FLOOR_CODES_CYPHER')).toMatchInlineSnapshot(`
      "UNWIND $rows AS row
      CREATE (n:\`Code\`)
      SET n = row, n.studyId = $studyId"
    `);
  });
  it('FLOOR_POSITIONS_CYPHER', () => {
    expect(text('./baselines/unwind-floor.ts', 'FLOOR_POSITIONS_CYPHER')).toMatchInlineSnapshot(`
      "UNWIND $rows AS row
      CREATE (n:\`Position\`)
      SET n = row, n.studyId = $studyId"
    `);
  });
  it('FLOOR_INFORMANTS_CYPHER', () => {
    expect(text('./baselines/unwind-floor.ts', 'FLOOR_INFORMANTS_CYPHER')).toMatchInlineSnapshot(`
      "UNWIND $rows AS row
      CREATE (n:\`Informant\`)
      SET n = row, n.studyId = $studyId"
    `);
  });
  it('FLOOR_ORGANISATIONS_CYPHER', () => {
    expect(text('./baselines/unwind-floor.ts', 'FLOOR_ORGANISATIONS_CYPHER'))
      .toMatchInlineSnapshot(`
      "UNWIND $rows AS row
      CREATE (n:\`Organisation\`)
      SET n = row, n.studyId = $studyId"
    `);
  });
  it('FLOOR_ACTOR_GROUPS_CYPHER', () => {
    expect(text('./baselines/unwind-floor.ts', 'FLOOR_ACTOR_GROUPS_CYPHER')).toMatchInlineSnapshot(`
      "UNWIND $rows AS row
      CREATE (n:\`ActorGroup\`)
      SET n = row, n.studyId = $studyId"
    `);
  });
  it('FLOOR_CHILD_OF_CYPHER', () => {
    expect(text('./baselines/unwind-floor.ts', 'FLOOR_CHILD_OF_CYPHER')).toMatchInlineSnapshot(`
      "UNWIND $rows AS row
      MATCH (c:\`Code\` {studyId: $studyId, id: row.key})
      MATCH (p:\`Code\` {studyId: $studyId, id: row.parentKey})
      CREATE (c)-[:\`CHILD_OF\`]->(p)"
    `);
  });
  it('FLOOR_HOLDS_CYPHER', () => {
    expect(text('./baselines/unwind-floor.ts', 'FLOOR_HOLDS_CYPHER')).toMatchInlineSnapshot(`
      "UNWIND $rows AS row
      MATCH (i:\`Informant\` {studyId: $studyId, id: row.informantId})
      MATCH (p:\`Position\` {studyId: $studyId, id: row.positionId})
      CREATE (i)-[:\`HOLDS\`]->(p)"
    `);
  });
  it('floorRelationCypher', () => {
    expect(
      built(
        './baselines/unwind-floor.ts',
        'floorRelationCypher',
        'ENLISTS',
        'Informant',
        'Organisation',
      ),
    ).toMatchInlineSnapshot(`
      "UNWIND $rows AS row
      MATCH (a:\`Informant\` {studyId: $studyId, id: row.fromId})
      MATCH (b:\`Organisation\` {studyId: $studyId, id: row.toId})
      CREATE (a)-[r:\`ENLISTS\`]->(b)
      SET r = row.props, r.studyId = $studyId, r.id = row.id"
    `);
  });
  it('FLOOR_DOCUMENTS_CYPHER', () => {
    expect(text('./baselines/unwind-floor.ts', 'FLOOR_DOCUMENTS_CYPHER')).toMatchInlineSnapshot(`
      "UNWIND $rows AS row
      CREATE (d:\`Document\`)
      SET d = row.props, d.studyId = $studyId"
    `);
  });
  it('FLOOR_WITH_CYPHER', () => {
    expect(text('./baselines/unwind-floor.ts', 'FLOOR_WITH_CYPHER')).toMatchInlineSnapshot(`
      "UNWIND $rows AS row
      MATCH (d:\`Document\` {studyId: $studyId, id: row.documentId})
      MATCH (i:\`Informant\` {studyId: $studyId, id: row.informantId})
      CREATE (d)-[:\`WITH\`]->(i)"
    `);
  });
  it('FLOOR_EXCERPTS_CYPHER', () => {
    expect(text('./baselines/unwind-floor.ts', 'FLOOR_EXCERPTS_CYPHER')).toMatchInlineSnapshot(`
      "UNWIND $rows AS row
      MATCH (d:\`Document\` {studyId: $studyId, id: row.props.documentId})
      CREATE (e:\`Excerpt\`)
      SET e = row.props, e.studyId = $studyId
      CREATE (e)-[:\`IN\`]->(d)
      WITH e, row
      CALL (e, row) {
        MATCH (i:\`Informant\` {studyId: $studyId, id: row.speaker})
        CREATE (e)-[:\`SPOKEN_BY\`]->(i)
      }
      CALL (e, row) {
        MATCH (a:\`Informant\` {studyId: $studyId, id: row.performer.informant})
        CREATE (e)-[:\`PERFORMED_BY\` {source: row.performerSource}]->(a)
      }
      CALL (e, row) {
        MATCH (a:\`Organisation\` {studyId: $studyId, id: row.performer.organisation})
        CREATE (e)-[:\`PERFORMED_BY\` {source: row.performerSource}]->(a)
      }
      CALL (e, row) {
        MATCH (a:\`ActorGroup\` {studyId: $studyId, id: row.performer.actor_group})
        CREATE (e)-[:\`PERFORMED_BY\` {source: row.performerSource}]->(a)
      }
      CALL (e, row) {
        UNWIND row.codings AS c
        MATCH (code:\`Code\` {studyId: $studyId, id: c.code})
        CREATE (e)-[:\`CODED\` {id: c.id, coderId: c.coderId, studyId: $studyId}]->(code)
      }"
    `);
  });
});

describe('migrations.ts', () => {
  it('APPLIED_MIGRATIONS_CYPHER', () => {
    expect(text('./migrations.ts', 'APPLIED_MIGRATIONS_CYPHER')).toMatchInlineSnapshot(
      `"MATCH (m:\`IwaMigration\`) RETURN m.version AS version, m.name AS name ORDER BY version"`,
    );
  });
  it('RECORD_MIGRATION_CYPHER', () => {
    expect(text('./migrations.ts', 'RECORD_MIGRATION_CYPHER')).toMatchInlineSnapshot(`
      "MERGE (m:\`IwaMigration\` {version: $version})
      ON CREATE SET m.name = $name, m.appliedAt = datetime()"
    `);
  });
  it('SHOW_CONSTRAINTS_CYPHER', () => {
    expect(text('./migrations.ts', 'SHOW_CONSTRAINTS_CYPHER')).toMatchInlineSnapshot(
      `"SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties RETURN 'constraint' AS kind, name, type + ' ' + coalesce(reduce(s = '', l IN labelsOrTypes | s + l), '') + '(' + coalesce(reduce(s = '', p IN properties | s + p + ','), '') + ')' AS detail ORDER BY name"`,
    );
  });
  it('SHOW_INDEXES_CYPHER', () => {
    expect(text('./migrations.ts', 'SHOW_INDEXES_CYPHER')).toMatchInlineSnapshot(
      `"SHOW INDEXES YIELD name, type, labelsOrTypes, properties, state RETURN 'index' AS kind, name, type + ' ' + coalesce(reduce(s = '', l IN labelsOrTypes | s + l), '') + '(' + coalesce(reduce(s = '', p IN properties | s + p + ','), '') + ') ' + state AS detail ORDER BY name"`,
    );
  });
});

describe('phases/phase-store.ts', () => {
  it('CURRENT_SEQ_CYPHER', () => {
    expect(text('./phases/phase-store.ts', 'CURRENT_SEQ_CYPHER')).toMatchInlineSnapshot(`
      "MATCH (o:\`Organisation\` {studyId: $studyId, id: $organisationId})
      OPTIONAL MATCH (s:\`PhaseSnapshot\` {studyId: $studyId, id: $organisationId})
      RETURN coalesce(s.seq, 0) AS seq"
    `);
  });
  it('APPEND_PHASE_EVENT_CYPHER', () => {
    expect(text('./phases/phase-store.ts', 'APPEND_PHASE_EVENT_CYPHER')).toMatchInlineSnapshot(`
      "MATCH (o:\`Organisation\` {studyId: $studyId, id: $organisationId})
      MERGE (s:\`PhaseSnapshot\` {studyId: $studyId, id: $organisationId})
      ON CREATE SET s.seq = 0
      WITH o, s
      CALL (s) { SET s._lock = true }
      WITH o, s WHERE s.seq = $expectedSeq
      CREATE (e:\`PhaseEvent\` {studyId: $studyId, id: $organisationId + '#' + toString($expectedSeq + 1)})
      SET e += $event, e.seq = $expectedSeq + 1, e.organisationId = $organisationId, e.recordedAt = $now
      CREATE (o)-[:\`PHASE_EVENT\`]->(e)
      SET s.seq = $expectedSeq + 1, s.state = $state, s.snapshot = $snapshot, s.modelId = $modelId,
          s.organisationId = $organisationId, s.updatedAt = $now
      REMOVE s._lock
      RETURN e.seq AS seq"
    `);
  });
  it('PHASE_HISTORY_CYPHER', () => {
    expect(text('./phases/phase-store.ts', 'PHASE_HISTORY_CYPHER')).toMatchInlineSnapshot(`
      "MATCH (e:\`PhaseEvent\` {studyId: $studyId, organisationId: $organisationId})
      RETURN e.seq AS seq, e.type AS type, e.at AS at, e.fidelity AS fidelity, e.evidence AS evidence, e.recordedBy AS recordedBy,
             e.recordedAt AS recordedAt, e.confidence AS confidence, e.fromState AS fromState,
             e.toState AS toState, e.note AS note
      ORDER BY seq"
    `);
  });
  it('PHASE_HISTORIES_CYPHER', () => {
    expect(text('./phases/phase-store.ts', 'PHASE_HISTORIES_CYPHER')).toMatchInlineSnapshot(`
      "MATCH (e:\`PhaseEvent\` {studyId: $studyId})
      WHERE $organisationId IS NULL OR e.organisationId = $organisationId
      RETURN e.organisationId AS organisationId, e.seq AS seq, e.type AS type, e.at AS at,
             e.fidelity AS fidelity, e.evidence AS evidence, e.recordedBy AS recordedBy,
             e.recordedAt AS recordedAt, e.confidence AS confidence, e.fromState AS fromState,
             e.toState AS toState, e.note AS note
      ORDER BY organisationId, seq"
    `);
  });

  it('PHASE_SNAPSHOTS_CYPHER', () => {
    expect(text('./phases/phase-store.ts', 'PHASE_SNAPSHOTS_CYPHER')).toMatchInlineSnapshot(`
      "MATCH (s:\`PhaseSnapshot\` {studyId: $studyId})
      WHERE $organisationId IS NULL OR s.id = $organisationId
      RETURN s.id AS organisationId, s.seq AS seq, s.state AS state, s.snapshot AS snapshot,
             s.modelId AS modelId, s.updatedAt AS updatedAt
      ORDER BY organisationId"
    `);
  });
});

describe('queries/aggregate-units.ts', () => {
  it('aggregateCypher', () => {
    const params: Record<string, unknown> = {};
    const query = AggregateQuery.parse({
      ...SELECTION,
      rows: {
        kind: 'actor',
        of: 'speaker',
        values: { 'inf-1': ['manager'], 'inf-2': ['advisor'] },
      },
      cols: { kind: 'codes', family: 'form' },
      layer: { kind: 'codes', family: 'purpose' },
    });
    expect({
      cypher: built('./queries/aggregate-units.ts', 'aggregateCypher', query, params),
      params,
    }).toMatchInlineSnapshot(`
      {
        "cypher": "MATCH (seed:\`Code\` {studyId: $studyId})
      WHERE seed.id IN $seedCodes
      MATCH (e:\`Excerpt\` {studyId: $studyId})-[:\`CODED\`]->(seed)
      WITH DISTINCT e
      WITH e, COLLECT { MATCH (e)-[cd:\`CODED\`]->(c)
        WHERE cd.coderId IN $coders
        WITH c.id AS code, count(DISTINCT cd.coderId) AS coders
        WHERE coders >= $need
        RETURN code } AS codes
      WHERE size(codes) > 0
      WITH e, codes, CASE e.speakerKind WHEN 'informant' THEN e.speakerId END AS speakerId
      WITH e, codes, speakerId, coalesce(e.performerId, speakerId) AS performerId
      WITH e, codes, speakerId, performerId
      WHERE any(v IN [x IN codes WHERE x STARTS WITH $w0Source | substring(x, size($w0Source))] WHERE v IN $w0Values)
        AND (any(v IN CASE WHEN performerId IS NULL THEN [] ELSE coalesce($w1_0Source[performerId], []) END WHERE v IN $w1_0Values) OR NOT any(v IN coalesce($w1_1Source[e.documentId], []) WHERE v IN $w1_1Values))
      WITH null AS entity, CASE WHEN speakerId IS NULL THEN [] ELSE coalesce($rows[speakerId], []) END AS rs, [x IN codes WHERE x STARTS WITH $cols | substring(x, size($cols))] AS cs, [x IN codes WHERE x STARTS WITH $layer | substring(x, size($layer))] AS ls
      RETURN entity, rs, cs, ls, count(*) AS n",
        "params": {
          "coders": [
            "hilde",
            "jonas",
          ],
          "cols": "form.",
          "layer": "purpose.",
          "need": 2,
          "rows": {
            "inf-1": [
              "manager",
            ],
            "inf-2": [
              "advisor",
            ],
          },
          "seedCodes": [
            "form.operational",
            "form.relational",
          ],
          "studyId": "ips-norway",
          "w0Source": "form.",
          "w0Values": [
            "operational",
            "relational",
          ],
          "w1_0Source": {
            "inf-1": [
              "manager",
            ],
          },
          "w1_0Values": [
            "manager",
          ],
          "w1_1Source": {
            "doc-1": [
              "2021",
            ],
          },
          "w1_1Values": [
            "2021",
          ],
        },
      }
    `);
  });
});

describe('queries/check-health.ts', () => {
  it('CHECK_HEALTH_CYPHER', () => {
    expect(text('./queries/check-health.ts', 'CHECK_HEALTH_CYPHER')).toMatchInlineSnapshot(
      `"CALL dbms.components() YIELD name, versions, edition RETURN name, versions[0] AS version, edition"`,
    );
  });
});

describe('queries/list-studies.ts', () => {
  it('LIST_STUDIES_CYPHER', () => {
    expect(text('./queries/list-studies.ts', 'LIST_STUDIES_CYPHER')).toMatchInlineSnapshot(`
      "MATCH (s:\`Study\`)
      WHERE $studyId IS NULL OR s.id = $studyId
      CALL (s) {
        OPTIONAL MATCH (d:\`Document\` {studyId: s.id})
        RETURN count(d) AS documents
      }
      CALL (s) {
        OPTIONAL MATCH (e:\`Excerpt\` {studyId: s.id})
        RETURN count(e) AS excerpts
      }
      CALL (s) {
        OPTIONAL MATCH (:\`Excerpt\` {studyId: s.id})-[c:\`CODED\`]->()
        RETURN count(c) AS codings
      }
      CALL (s) {
        OPTIONAL MATCH (i:\`Informant\` {studyId: s.id})
        RETURN count(i) AS informants
      }
      RETURN s.id AS id, s.name AS name, s.description AS description,
             documents, excerpts, codings, informants
      ORDER BY id"
    `);
  });
});

describe('queries/position-fragment.ts', () => {
  it('positionOfActorCypher', () => {
    expect(built('./queries/position-fragment.ts', 'positionOfActorCypher', 'e'))
      .toMatchInlineSnapshot(`
      "OPTIONAL MATCH (a)-[:\`HOLDS\`]->(p:\`Position\`)
      OPTIONAL MATCH (a)-[emp:\`EMPLOYED_BY\` {primary: true}]->(employer:\`Organisation\`)
      OPTIONAL MATCH (home:\`Organisation\` {studyId: a.studyId, id: a.organisationId})
      WITH e, a, p, coalesce(employer, home) AS org
      WITH e, a, {
        role: coalesce(p.role, a.role, CASE WHEN a:\`Organisation\` THEN 'organisation' END),
        sector: coalesce(p.sector, a.sector, org.sector),
        tier: coalesce(p.tier, a.tier, org.tier),
        level: coalesce(p.level, a.level, org.level),
        authority: p.authority,
        embeddedness: p.embeddedness,
        dualEmployment: CASE p.dualEmployment WHEN true THEN 'yes' WHEN false THEN 'no' ELSE NULL END,
        employerKind: coalesce(org.kind, a.kind)
      } AS pos"
    `);
  });
  it('positionMapCypher', () => {
    expect(built('./queries/position-fragment.ts', 'positionMapCypher', '')).toMatchInlineSnapshot(`
      "OPTIONAL MATCH (home:\`Organisation\` {studyId: a.studyId, id: a.organisationId})
      WITH a, p, coalesce(employer, home) AS org
      WITH a, {
        role: coalesce(p.role, a.role, CASE WHEN a:\`Organisation\` THEN 'organisation' END),
        sector: coalesce(p.sector, a.sector, org.sector),
        tier: coalesce(p.tier, a.tier, org.tier),
        level: coalesce(p.level, a.level, org.level),
        authority: p.authority,
        embeddedness: p.embeddedness,
        dualEmployment: CASE p.dualEmployment WHEN true THEN 'yes' WHEN false THEN 'no' ELSE NULL END,
        employerKind: coalesce(org.kind, a.kind)
      } AS pos"
    `);
  });
  it('actorPositionCypher', () => {
    expect(built('./queries/position-fragment.ts', 'actorPositionCypher', 'performer'))
      .toMatchInlineSnapshot(`
      "MATCH (e)-[:\`PERFORMED_BY\`]->(a)
      OPTIONAL MATCH (a)-[:\`HOLDS\`]->(p:\`Position\`)
      OPTIONAL MATCH (a)-[emp:\`EMPLOYED_BY\` {primary: true}]->(employer:\`Organisation\`)
      OPTIONAL MATCH (home:\`Organisation\` {studyId: a.studyId, id: a.organisationId})
      WITH e, a, p, coalesce(employer, home) AS org
      WITH e, a, {
        role: coalesce(p.role, a.role, CASE WHEN a:\`Organisation\` THEN 'organisation' END),
        sector: coalesce(p.sector, a.sector, org.sector),
        tier: coalesce(p.tier, a.tier, org.tier),
        level: coalesce(p.level, a.level, org.level),
        authority: p.authority,
        embeddedness: p.embeddedness,
        dualEmployment: CASE p.dualEmployment WHEN true THEN 'yes' WHEN false THEN 'no' ELSE NULL END,
        employerKind: coalesce(org.kind, a.kind)
      } AS pos"
    `);
  });
});

describe('queries/query-actor-graph.ts', () => {
  it('ACTOR_NODES_CYPHER', () => {
    expect(text('./queries/query-actor-graph.ts', 'ACTOR_NODES_CYPHER')).toMatchInlineSnapshot(`
      "MATCH (a:\`Informant\`|\`Organisation\`|\`ActorGroup\` {studyId: $studyId})
      CALL (a) {
        OPTIONAL MATCH (a)-[:\`HOLDS\`]->(p:\`Position\`)
        OPTIONAL MATCH (a)-[emp:\`EMPLOYED_BY\` {primary: true}]->(employer:\`Organisation\`)
        OPTIONAL MATCH (home:\`Organisation\` {studyId: a.studyId, id: a.organisationId})
        WITH a, p, coalesce(employer, home) AS org
        WITH a, {
          role: coalesce(p.role, a.role, CASE WHEN a:\`Organisation\` THEN 'organisation' END),
          sector: coalesce(p.sector, a.sector, org.sector),
          tier: coalesce(p.tier, a.tier, org.tier),
          level: coalesce(p.level, a.level, org.level),
          authority: p.authority,
          embeddedness: p.embeddedness,
          dualEmployment: CASE p.dualEmployment WHEN true THEN 'yes' WHEN false THEN 'no' ELSE NULL END,
          employerKind: coalesce(org.kind, a.kind)
        } AS pos
        RETURN pos
      }
      CALL (a) {
        OPTIONAL MATCH (x:\`Excerpt\`)-[:\`PERFORMED_BY\`]->(a)
        RETURN count(x) AS performed
      }
      CALL (a) {
        OPTIONAL MATCH (x:\`Excerpt\`)-[:\`SPOKEN_BY\`]->(a)
        RETURN count(x) AS spoken
      }
      RETURN a.id AS id,
             CASE WHEN a:\`Informant\` THEN 'informant' WHEN a:\`Organisation\` THEN 'organisation' ELSE 'actor_group' END AS kind,
             coalesce(a.pseudonym, a.name, a.label, a.id) AS label, pos AS position, performed, spoken
      ORDER BY kind, id"
    `);
  });
  it('ACTOR_EDGES_CYPHER', () => {
    expect(text('./queries/query-actor-graph.ts', 'ACTOR_EDGES_CYPHER')).toMatchInlineSnapshot(`
      "MATCH (a:\`Informant\`|\`Organisation\`|\`ActorGroup\` {studyId: $studyId})-[r]->(b:\`Informant\`|\`Organisation\`|\`ActorGroup\` {studyId: $studyId})
      WHERE type(r) IN $types AND r.studyId = $studyId
      RETURN r.id AS id, a.id AS source, b.id AS target, toLower(type(r)) AS type,
             r.participation AS participation, coalesce(r.primary, false) AS primary,
             size(coalesce(r.evidence, [])) AS evidenceCount
      ORDER BY type, source, target"
    `);
  });
});

describe('queries/query-coded-units.ts', () => {
  it('QUERY_CODED_UNITS_CYPHER', () => {
    expect(text('./queries/query-coded-units.ts', 'QUERY_CODED_UNITS_CYPHER'))
      .toMatchInlineSnapshot(`
      "MATCH (e:\`Excerpt\` {studyId: $studyId})
      WHERE EXISTS { (e)-[cd:\`CODED\`]->() WHERE $coderId IS NULL OR cd.coderId = $coderId }
      CALL (e) {
        MATCH (e)-[:\`SPOKEN_BY\`]->(a)
        OPTIONAL MATCH (a)-[:\`HOLDS\`]->(p:\`Position\`)
        OPTIONAL MATCH (a)-[emp:\`EMPLOYED_BY\` {primary: true}]->(employer:\`Organisation\`)
        OPTIONAL MATCH (home:\`Organisation\` {studyId: a.studyId, id: a.organisationId})
        WITH e, a, p, coalesce(employer, home) AS org
        WITH e, a, {
          role: coalesce(p.role, a.role, CASE WHEN a:\`Organisation\` THEN 'organisation' END),
          sector: coalesce(p.sector, a.sector, org.sector),
          tier: coalesce(p.tier, a.tier, org.tier),
          level: coalesce(p.level, a.level, org.level),
          authority: p.authority,
          embeddedness: p.embeddedness,
          dualEmployment: CASE p.dualEmployment WHEN true THEN 'yes' WHEN false THEN 'no' ELSE NULL END,
          employerKind: coalesce(org.kind, a.kind)
        } AS pos
        RETURN a.id AS speakerId, pos AS speaker
      }
      CALL (e) {
        OPTIONAL MATCH (e)-[:\`PERFORMED_BY\`]->(a)
        OPTIONAL MATCH (a)-[:\`HOLDS\`]->(p:\`Position\`)
        OPTIONAL MATCH (a)-[emp:\`EMPLOYED_BY\` {primary: true}]->(employer:\`Organisation\`)
        OPTIONAL MATCH (home:\`Organisation\` {studyId: a.studyId, id: a.organisationId})
        WITH e, a, p, coalesce(employer, home) AS org
        WITH e, a, {
          role: coalesce(p.role, a.role, CASE WHEN a:\`Organisation\` THEN 'organisation' END),
          sector: coalesce(p.sector, a.sector, org.sector),
          tier: coalesce(p.tier, a.tier, org.tier),
          level: coalesce(p.level, a.level, org.level),
          authority: p.authority,
          embeddedness: p.embeddedness,
          dualEmployment: CASE p.dualEmployment WHEN true THEN 'yes' WHEN false THEN 'no' ELSE NULL END,
          employerKind: coalesce(org.kind, a.kind)
        } AS pos
        RETURN a.id AS performerId, pos AS performer,
               CASE WHEN a:\`Informant\` THEN 'informant' WHEN a:\`Organisation\` THEN 'organisation' WHEN a IS NULL THEN NULL ELSE 'actor_group' END AS performerKind
      }
      CALL (e) {
        OPTIONAL MATCH (e)-[:\`IN\`]->(d:\`Document\`)
        RETURN d.variables AS documentVariables
      }
      CALL (e) {
        MATCH (e)-[cd:\`CODED\`]->(c:\`Code\`)
        WHERE $coderId IS NULL OR cd.coderId = $coderId
        RETURN collect(DISTINCT c.id) AS codes, collect(DISTINCT cd.coderId) AS coders
      }
      RETURN e.id AS excerptId, e.documentId AS documentId, e.start AS start, e.end AS end,
             speakerId, speaker, performerId, performerKind, performer, codes, coders, documentVariables
      ORDER BY documentId, start, excerptId"
    `);
  });
});

describe('queries/query-codings.ts', () => {
  it('QUERY_CODINGS_CYPHER', () => {
    expect(text('./queries/query-codings.ts', 'QUERY_CODINGS_CYPHER')).toMatchInlineSnapshot(`
      "MATCH (e:\`Excerpt\` {studyId: $studyId})-[cd:\`CODED\`]->(c:\`Code\`)
      WHERE (size($coders) = 0 OR cd.coderId IN $coders)
        AND ($family IS NULL OR c.family = $family)
      RETURN e.documentId AS documentId, cd.coderId AS coderId, c.id AS code, e.start AS start, e.end AS end
      ORDER BY documentId, start, end, coderId, code"
    `);
  });
  it('DOCUMENT_CODERS_CYPHER', () => {
    expect(text('./queries/query-codings.ts', 'DOCUMENT_CODERS_CYPHER')).toMatchInlineSnapshot(`
      "MATCH (e:\`Excerpt\` {studyId: $studyId})-[cd:\`CODED\`]->()
      WHERE size($coders) = 0 OR cd.coderId IN $coders
      RETURN e.documentId AS documentId, collect(DISTINCT cd.coderId) AS coders
      ORDER BY documentId"
    `);
  });
  it('DOCUMENT_TEXT_MAP_CYPHER', () => {
    expect(text('./queries/query-codings.ts', 'DOCUMENT_TEXT_MAP_CYPHER')).toMatchInlineSnapshot(`
      "MATCH (d:\`Document\` {studyId: $studyId})
      WHERE size($ids) = 0 OR d.id IN $ids
      RETURN d.id AS id, d.text AS text, coalesce(d.title, d.id) AS title"
    `);
  });
  it('QUERY_DOCUMENT_CYPHER', () => {
    expect(text('./queries/query-codings.ts', 'QUERY_DOCUMENT_CYPHER')).toMatchInlineSnapshot(`
      "MATCH (d:\`Document\` {studyId: $studyId, id: $documentId})
      RETURN d.id AS id, coalesce(d.title, d.id) AS title, d.text AS text, d.turns AS turns"
    `);
  });
});

describe('queries/query-excerpts.ts', () => {
  it('QUERY_EXCERPTS_PAGE', () => {
    expect(text('./queries/query-excerpts.ts', 'QUERY_EXCERPTS_PAGE')).toMatchInlineSnapshot(`
      "WITH e, codes WHERE size($ids) = 0 OR e.id IN $ids
      WITH e, codes ORDER BY e.documentId, e.start, e.id
      WITH collect({id: e.id, codes: codes}) AS matched
      RETURN size(matched) AS total, matched[$offset..($offset + $limit)] AS page"
    `);
  });
  it('excerptsCypher', () => {
    const params: Record<string, unknown> = {};
    const query = ExcerptQuery.parse({ ...SELECTION, limit: 20, offset: 40 });
    expect({
      cypher: built('./queries/query-excerpts.ts', 'excerptsCypher', query, params),
      params,
    }).toMatchInlineSnapshot(`
      {
        "cypher": "MATCH (seed:\`Code\` {studyId: $studyId})
      WHERE seed.id IN $seedCodes
      MATCH (e:\`Excerpt\` {studyId: $studyId})-[:\`CODED\`]->(seed)
      WITH DISTINCT e
      WITH e, COLLECT { MATCH (e)-[cd:\`CODED\`]->(c)
        WHERE cd.coderId IN $coders
        WITH c.id AS code, count(DISTINCT cd.coderId) AS coders
        WHERE coders >= $need
        RETURN code } AS codes
      WHERE size(codes) > 0
      WITH e, codes, CASE e.speakerKind WHEN 'informant' THEN e.speakerId END AS speakerId
      WITH e, codes, speakerId, coalesce(e.performerId, speakerId) AS performerId
      WITH e, codes, performerId, speakerId
      WHERE any(v IN [x IN codes WHERE x STARTS WITH $w0Source | substring(x, size($w0Source))] WHERE v IN $w0Values)
        AND (any(v IN CASE WHEN performerId IS NULL THEN [] ELSE coalesce($w1_0Source[performerId], []) END WHERE v IN $w1_0Values) OR NOT any(v IN coalesce($w1_1Source[e.documentId], []) WHERE v IN $w1_1Values))
      WITH e, codes WHERE size($ids) = 0 OR e.id IN $ids
      WITH e, codes ORDER BY e.documentId, e.start, e.id
      WITH collect({id: e.id, codes: codes}) AS matched
      RETURN size(matched) AS total, matched[$offset..($offset + $limit)] AS page",
        "params": {
          "coders": [
            "hilde",
            "jonas",
          ],
          "ids": [],
          "limit": 20,
          "need": 2,
          "offset": 40,
          "seedCodes": [
            "form.operational",
            "form.relational",
          ],
          "studyId": "ips-norway",
          "w0Source": "form.",
          "w0Values": [
            "operational",
            "relational",
          ],
          "w1_0Source": {
            "inf-1": [
              "manager",
            ],
          },
          "w1_0Values": [
            "manager",
          ],
          "w1_1Source": {
            "doc-1": [
              "2021",
            ],
          },
          "w1_1Values": [
            "2021",
          ],
        },
      }
    `);
  });
  it('QUERY_EXCERPT_DETAILS', () => {
    expect(text('./queries/query-excerpts.ts', 'QUERY_EXCERPT_DETAILS')).toMatchInlineSnapshot(`
      "UNWIND $ids AS id
      MATCH (e:\`Excerpt\` {studyId: $studyId, id: id})
      CALL (e) {
        OPTIONAL MATCH (e)-[:\`IN\`]->(d:\`Document\`)
        RETURN coalesce(d.title, d.id) AS documentTitle
      }
      CALL (e) {
        OPTIONAL MATCH (e)-[:\`SPOKEN_BY\`]->(a)
        OPTIONAL MATCH (a)-[:\`HOLDS\`]->(p:\`Position\`)
        OPTIONAL MATCH (a)-[emp:\`EMPLOYED_BY\` {primary: true}]->(employer:\`Organisation\`)
        OPTIONAL MATCH (home:\`Organisation\` {studyId: a.studyId, id: a.organisationId})
        WITH e, a, p, coalesce(employer, home) AS org
        WITH e, a, {
          role: coalesce(p.role, a.role, CASE WHEN a:\`Organisation\` THEN 'organisation' END),
          sector: coalesce(p.sector, a.sector, org.sector),
          tier: coalesce(p.tier, a.tier, org.tier),
          level: coalesce(p.level, a.level, org.level),
          authority: p.authority,
          embeddedness: p.embeddedness,
          dualEmployment: CASE p.dualEmployment WHEN true THEN 'yes' WHEN false THEN 'no' ELSE NULL END,
          employerKind: coalesce(org.kind, a.kind)
        } AS pos
        RETURN CASE WHEN a IS NULL THEN NULL ELSE {
          id: a.id,
          label: coalesce(a.pseudonym, a.name, a.label, a.id),
          kind: CASE WHEN a:\`Informant\` THEN 'informant' WHEN a:\`Organisation\` THEN 'organisation' ELSE 'actor_group' END,
          position: pos } END AS speaker
      }
      CALL (e) {
        OPTIONAL MATCH (e)-[:\`PERFORMED_BY\`]->(a)
        RETURN a IS NOT NULL AS explicitPerformer
      }
      CALL (e) {
        OPTIONAL MATCH (e)-[:\`PERFORMED_BY\`]->(a)
        OPTIONAL MATCH (a)-[:\`HOLDS\`]->(p:\`Position\`)
        OPTIONAL MATCH (a)-[emp:\`EMPLOYED_BY\` {primary: true}]->(employer:\`Organisation\`)
        OPTIONAL MATCH (home:\`Organisation\` {studyId: a.studyId, id: a.organisationId})
        WITH e, a, p, coalesce(employer, home) AS org
        WITH e, a, {
          role: coalesce(p.role, a.role, CASE WHEN a:\`Organisation\` THEN 'organisation' END),
          sector: coalesce(p.sector, a.sector, org.sector),
          tier: coalesce(p.tier, a.tier, org.tier),
          level: coalesce(p.level, a.level, org.level),
          authority: p.authority,
          embeddedness: p.embeddedness,
          dualEmployment: CASE p.dualEmployment WHEN true THEN 'yes' WHEN false THEN 'no' ELSE NULL END,
          employerKind: coalesce(org.kind, a.kind)
        } AS pos
        RETURN CASE WHEN a IS NULL THEN NULL ELSE {
          id: a.id,
          label: coalesce(a.pseudonym, a.name, a.label, a.id),
          kind: CASE WHEN a:\`Informant\` THEN 'informant' WHEN a:\`Organisation\` THEN 'organisation' ELSE 'actor_group' END,
          position: pos } END AS performer
      }
      CALL (e) {
        OPTIONAL MATCH (e)-[cd:\`CODED\`]->()
        WHERE cd.coderId IN $coders
        RETURN collect(DISTINCT cd.coderId) AS coders
      }
      RETURN e.id AS id, e.documentId AS documentId, documentTitle, e.start AS start, e.end AS end,
             e.text AS text, speaker, CASE WHEN explicitPerformer THEN performer ELSE speaker END AS performer,
             coders"
    `);
  });
  it('DOCUMENT_TEXTS_CYPHER', () => {
    expect(text('./queries/query-excerpts.ts', 'DOCUMENT_TEXTS_CYPHER')).toMatchInlineSnapshot(`
      "MATCH (d:\`Document\` {studyId: $studyId})
      WHERE d.id IN $ids
      RETURN d.id AS id, d.text AS text"
    `);
  });
});

describe('queries/read-study.ts', () => {
  it('READ_STUDY_NODE_CYPHER', () => {
    expect(text('./queries/read-study.ts', 'READ_STUDY_NODE_CYPHER')).toMatchInlineSnapshot(
      `"MATCH (s:\`Study\` {id: $studyId}) RETURN s.json AS json, s.name AS name"`,
    );
  });
  it('entityJsonCypher', () => {
    expect(built('./queries/read-study.ts', 'entityJsonCypher', 'Organisation'))
      .toMatchInlineSnapshot(`
      "MATCH (n:\`Organisation\` {studyId: $studyId}) WHERE n.json IS NOT NULL AND n.documentId IS NULL
      RETURN n.json AS json ORDER BY n.id"
    `);
  });
  it('READ_RELATIONS_CYPHER', () => {
    expect(text('./queries/read-study.ts', 'READ_RELATIONS_CYPHER')).toMatchInlineSnapshot(`
      "MATCH (a {studyId: $studyId})-[r]->(b {studyId: $studyId})
      WHERE type(r) IN $types AND r.studyId = $studyId
      RETURN r.id AS id, toLower(type(r)) AS type, a.id AS fromId, labels(a) AS fromLabels, b.id AS toId, labels(b) AS toLabels,
             properties(r) AS props
      ORDER BY r.id"
    `);
  });
  it('READ_DOCUMENTS_CYPHER', () => {
    expect(text('./queries/read-study.ts', 'READ_DOCUMENTS_CYPHER')).toMatchInlineSnapshot(`
      "MATCH (d:\`Document\` {studyId: $studyId})
      RETURN properties(d) AS props ORDER BY d.id"
    `);
  });
  it('READ_EXCERPTS_CYPHER', () => {
    expect(text('./queries/read-study.ts', 'READ_EXCERPTS_CYPHER')).toMatchInlineSnapshot(`
      "MATCH (e:\`Excerpt\` {studyId: $studyId})
      OPTIONAL MATCH (e)-[c:\`CODED\`]->(code:\`Code\`)
      WITH e, collect(CASE WHEN c IS NULL THEN NULL ELSE {id: c.id, code: code.id, coderId: c.coderId, at: c.at} END) AS codings
      RETURN properties(e) AS props, codings ORDER BY e.documentId, e.start, e.id"
    `);
  });
  it('READ_DOCUMENT_MEMOS_CYPHER', () => {
    expect(text('./queries/read-study.ts', 'READ_DOCUMENT_MEMOS_CYPHER')).toMatchInlineSnapshot(`
      "MATCH (m:\`Memo\` {studyId: $studyId}) WHERE m.documentId IS NOT NULL
      RETURN m.json AS json ORDER BY m.id"
    `);
  });
});

describe('queries/stored-document-coders.ts', () => {
  it('STORED_DOCUMENT_CODERS_CYPHER', () => {
    expect(text('./queries/stored-document-coders.ts', 'STORED_DOCUMENT_CODERS_CYPHER'))
      .toMatchInlineSnapshot(`
      "MATCH (d:\`Document\` {studyId: $studyId})
      WHERE size($ids) = 0 OR d.id IN $ids
      CALL (d) {
        MATCH (e:\`Excerpt\` {studyId: $studyId, documentId: d.id})-[c:\`CODED\`]->()
        RETURN coalesce(c.coderId, 'unknown') AS coderId, count(c) AS codings, 0 AS memos
        UNION ALL
        MATCH (m:\`Memo\` {studyId: $studyId, documentId: d.id})
        RETURN coalesce(m.author, 'unknown') AS coderId, 0 AS codings, count(m) AS memos
      }
      WITH d, coderId, sum(codings) AS codings, sum(memos) AS memos
      RETURN d.id AS id, d.payloadHash AS payloadHash,
             collect({coderId: coderId, codings: codings, memos: memos}) AS coders
      ORDER BY id"
    `);
  });
});

describe('queries/stored-document-hashes.ts', () => {
  it('STORED_DOCUMENT_HASHES_CYPHER', () => {
    expect(text('./queries/stored-document-hashes.ts', 'STORED_DOCUMENT_HASHES_CYPHER'))
      .toMatchInlineSnapshot(`
      "MATCH (d:\`Document\` {studyId: $studyId})
      RETURN d.id AS id, d.contentHash AS contentHash, d.title AS title, d.sourcePath AS sourcePath
      ORDER BY id"
    `);
  });
  it('STORED_STUDY_NAME_CYPHER', () => {
    expect(text('./queries/stored-document-hashes.ts', 'STORED_STUDY_NAME_CYPHER'))
      .toMatchInlineSnapshot(`
      "MATCH (s:\`Study\` {id: $studyId})
      RETURN s.name AS name, s.origin AS origin"
    `);
  });
});

describe('queries/study-catalogue.ts', () => {
  it('CATALOGUE_STUDY_CYPHER', () => {
    expect(text('./queries/study-catalogue.ts', 'CATALOGUE_STUDY_CYPHER')).toMatchInlineSnapshot(`
      "CALL () {
        MATCH (x:\`Study\`)
        RETURN collect(x.id) AS studies
      }
      OPTIONAL MATCH (s:\`Study\` {id: $studyId})
      RETURN s.id AS id, s.name AS name, s.json AS json, studies"
    `);
  });
  it('CATALOGUE_CODES_CYPHER', () => {
    expect(text('./queries/study-catalogue.ts', 'CATALOGUE_CODES_CYPHER')).toMatchInlineSnapshot(`
      "MATCH (c:\`Code\` {studyId: $studyId})
      OPTIONAL MATCH (c)-[:\`CHILD_OF\`]->(p:\`Code\`)
      RETURN c.id AS id, c.family AS family, coalesce(c.label, c.id) AS label,
             coalesce(c.isCodable, true) AS isCodable, c.framework AS framework, p.id AS parent
      ORDER BY id"
    `);
  });
  it('CATALOGUE_NEXT_CODER_CYPHER', () => {
    expect(text('./queries/study-catalogue.ts', 'CATALOGUE_NEXT_CODER_CYPHER'))
      .toMatchInlineSnapshot(`
      "MATCH ()-[cd:\`CODED\`]->()
      WHERE cd.studyId = $studyId AND cd.coderId > $after
      RETURN cd.coderId AS id
      ORDER BY cd.studyId, cd.coderId
      LIMIT 1"
    `);
  });
  it('CATALOGUE_FIRST_CODER_CYPHER', () => {
    expect(text('./queries/study-catalogue.ts', 'CATALOGUE_FIRST_CODER_CYPHER'))
      .toMatchInlineSnapshot(`
      "MATCH ()-[cd:\`CODED\`]->()
      WHERE cd.studyId = $studyId AND cd.coderId >= ''
      RETURN cd.coderId AS id
      ORDER BY cd.studyId, cd.coderId
      LIMIT 1"
    `);
  });
  it('CODER_CODINGS_CYPHER', () => {
    expect(text('./queries/study-catalogue.ts', 'CODER_CODINGS_CYPHER')).toMatchInlineSnapshot(`
      "MATCH ()-[cd:\`CODED\`]->()
      WHERE cd.studyId = $studyId AND cd.coderId IN $coders
      RETURN cd.coderId AS id, count(*) AS codings
      ORDER BY id"
    `);
  });
  it('CATALOGUE_ACTORS_CYPHER', () => {
    expect(text('./queries/study-catalogue.ts', 'CATALOGUE_ACTORS_CYPHER')).toMatchInlineSnapshot(`
      "CALL () {
        MATCH (a:\`Informant\`|\`Organisation\`|\`ActorGroup\` {studyId: $studyId})
        RETURN a, null AS p, null AS employer
        UNION ALL
        MATCH (p:\`Position\` {studyId: $studyId})<-[:\`HOLDS\`]-(a:\`Informant\`|\`Organisation\`|\`ActorGroup\` {studyId: $studyId})
        RETURN a, p, null AS employer
        UNION ALL
        MATCH (employer:\`Organisation\` {studyId: $studyId})<-[:\`EMPLOYED_BY\` {primary: true}]-(a:\`Informant\`|\`Organisation\`|\`ActorGroup\` {studyId: $studyId})
        RETURN a, null AS p, employer
      }
      WITH a, collect(p) AS ps, collect(employer) AS employers
      UNWIND CASE size(ps) WHEN 0 THEN [null] ELSE ps END AS p
      UNWIND CASE size(employers) WHEN 0 THEN [null] ELSE employers END AS employer
      OPTIONAL MATCH (home:\`Organisation\` {studyId: a.studyId, id: a.organisationId})
      WITH a, p, coalesce(employer, home) AS org
      WITH a, {
        role: coalesce(p.role, a.role, CASE WHEN a:\`Organisation\` THEN 'organisation' END),
        sector: coalesce(p.sector, a.sector, org.sector),
        tier: coalesce(p.tier, a.tier, org.tier),
        level: coalesce(p.level, a.level, org.level),
        authority: p.authority,
        embeddedness: p.embeddedness,
        dualEmployment: CASE p.dualEmployment WHEN true THEN 'yes' WHEN false THEN 'no' ELSE NULL END,
        employerKind: coalesce(org.kind, a.kind)
      } AS pos
      WITH pos, CASE WHEN a:\`Informant\` THEN 'informant' WHEN a:\`Organisation\` THEN 'organisation' ELSE 'actor_group' END AS kind, a
      RETURN pos AS position, kind, collect([a.id, coalesce(a.pseudonym, a.name, a.label, a.id), a.json]) AS actors"
    `);
  });
  it('CATALOGUE_DOCUMENTS_CYPHER', () => {
    expect(text('./queries/study-catalogue.ts', 'CATALOGUE_DOCUMENTS_CYPHER'))
      .toMatchInlineSnapshot(`
      "MATCH (d:\`Document\` {studyId: $studyId})
      RETURN d.id AS id, coalesce(d.title, d.id) AS title, d.kind AS kind, d.variables AS variables
      ORDER BY id"
    `);
  });
  it('CATALOGUE_RELATIONS_CYPHER', () => {
    expect(text('./queries/study-catalogue.ts', 'CATALOGUE_RELATIONS_CYPHER'))
      .toMatchInlineSnapshot(`
      "MATCH (a:\`Informant\`|\`Organisation\`|\`ActorGroup\` {studyId: $studyId})-[r]->(:\`Informant\`|\`Organisation\`|\`ActorGroup\` {studyId: $studyId})
      WHERE r.studyId = $studyId
      RETURN toLower(type(r)) AS type, count(*) AS n
      ORDER BY type"
    `);
  });
});

describe('queries/study-claims.ts', () => {
  it('WRITE_STUDY_CLAIMS_CYPHER', () => {
    expect(text('./queries/study-claims.ts', 'WRITE_STUDY_CLAIMS_CYPHER')).toMatchInlineSnapshot(`
      "MATCH (s:\`Study\` {id: $studyId})
      SET s.claims = $text
      RETURN s.id AS id"
    `);
  });
  it('READ_STUDY_CLAIMS_CYPHER', () => {
    expect(text('./queries/study-claims.ts', 'READ_STUDY_CLAIMS_CYPHER')).toMatchInlineSnapshot(`
      "MATCH (s:\`Study\` {id: $studyId})
      RETURN s.claims AS text"
    `);
  });
  it('READ_STUDY_RECORD_CYPHER', () => {
    expect(text('./queries/study-claims.ts', 'READ_STUDY_RECORD_CYPHER')).toMatchInlineSnapshot(`
      "MATCH (s:\`Study\` {id: $studyId})
      RETURN s.json AS json"
    `);
  });
});

describe('queries/study-stamp.ts', () => {
  it('STUDY_STAMP_CYPHER', () => {
    expect(text('./queries/study-stamp.ts', 'STUDY_STAMP_CYPHER')).toMatchInlineSnapshot(`
      "MATCH (s:\`Study\` {id: $studyId})
      CALL (s) {
        OPTIONAL MATCH (e:\`Excerpt\` {studyId: s.id})
        RETURN count(e) AS excerpts, sum(COUNT { (e)-[:\`CODED\`]->() }) AS codings
      }
      CALL (s) {
        OPTIONAL MATCH (r:\`ImportRun\` {studyId: s.id})
        WITH r ORDER BY r.startedAt DESC
        RETURN count(r) AS runs, collect(r.id)[0] AS lastRun
      }
      CALL (s) {
        OPTIONAL MATCH (a:\`AuditEntry\` {studyId: s.id})
        RETURN count(a) AS audit
      }
      CALL (s) {
        OPTIONAL MATCH (p:\`PhaseEvent\` {studyId: s.id})
        RETURN count(p) AS phaseEvents
      }
      RETURN excerpts, codings, runs, lastRun, audit, phaseEvents"
    `);
  });
});

describe('queries/unit-selection.ts', () => {
  it('selectionCypher', () => {
    const params: Record<string, unknown> = {};
    const selection = UnitSelection.parse(SELECTION);
    expect({
      cypher: built('./queries/unit-selection.ts', 'selectionCypher', selection, params, [
        'performer',
      ]),
      params,
    }).toMatchInlineSnapshot(`
      {
        "cypher": "MATCH (seed:\`Code\` {studyId: $studyId})
      WHERE seed.id IN $seedCodes
      MATCH (e:\`Excerpt\` {studyId: $studyId})-[:\`CODED\`]->(seed)
      WITH DISTINCT e
      WITH e, COLLECT { MATCH (e)-[cd:\`CODED\`]->(c)
        WHERE cd.coderId IN $coders
        WITH c.id AS code, count(DISTINCT cd.coderId) AS coders
        WHERE coders >= $need
        RETURN code } AS codes
      WHERE size(codes) > 0
      WITH e, codes, CASE e.speakerKind WHEN 'informant' THEN e.speakerId END AS speakerId
      WITH e, codes, speakerId, coalesce(e.performerId, speakerId) AS performerId
      WITH e, codes, performerId, speakerId
      WHERE any(v IN [x IN codes WHERE x STARTS WITH $w0Source | substring(x, size($w0Source))] WHERE v IN $w0Values)
        AND (any(v IN CASE WHEN performerId IS NULL THEN [] ELSE coalesce($w1_0Source[performerId], []) END WHERE v IN $w1_0Values) OR NOT any(v IN coalesce($w1_1Source[e.documentId], []) WHERE v IN $w1_1Values))",
        "params": {
          "coders": [
            "hilde",
            "jonas",
          ],
          "need": 2,
          "seedCodes": [
            "form.operational",
            "form.relational",
          ],
          "studyId": "ips-norway",
          "w0Source": "form.",
          "w0Values": [
            "operational",
            "relational",
          ],
          "w1_0Source": {
            "inf-1": [
              "manager",
            ],
          },
          "w1_0Values": [
            "manager",
          ],
          "w1_1Source": {
            "doc-1": [
              "2021",
            ],
          },
          "w1_1Values": [
            "2021",
          ],
        },
      }
    `);
  });
});

describe('workbench/audit.ts', () => {
  it('AUDIT_EXISTS_CYPHER', () => {
    expect(text('./workbench/audit.ts', 'AUDIT_EXISTS_CYPHER')).toMatchInlineSnapshot(
      `"MATCH (a:\`AuditEntry\` {studyId: $studyId, id: $id}) RETURN a.action AS action, a.after AS after"`,
    );
  });
  it('WRITE_AUDIT_CYPHER', () => {
    expect(text('./workbench/audit.ts', 'WRITE_AUDIT_CYPHER')).toMatchInlineSnapshot(`
      "CREATE (a:\`AuditEntry\`)
      SET a = $props, a.studyId = $studyId"
    `);
  });
  it('LIST_AUDIT_CYPHER', () => {
    expect(text('./workbench/audit.ts', 'LIST_AUDIT_CYPHER')).toMatchInlineSnapshot(`
      "MATCH (a:\`AuditEntry\` {studyId: $studyId})
      WHERE $documentId IS NULL OR a.documentId = $documentId
      RETURN a.id AS id, a.at AS at, a.coderId AS coderId, a.action AS action,
             a.documentId AS documentId, a.excerptId AS excerptId, a.codingId AS codingId,
             a.before AS before, a.after AS after, a.undoOf AS undoOf
      ORDER BY a.at, a.seq, a.id
      SKIP toInteger($offset) LIMIT toInteger($limit)"
    `);
  });
  it('COUNT_AUDIT_CYPHER', () => {
    expect(text('./workbench/audit.ts', 'COUNT_AUDIT_CYPHER')).toMatchInlineSnapshot(`
      "MATCH (a:\`AuditEntry\` {studyId: $studyId})
      WHERE $documentId IS NULL OR a.documentId = $documentId
      RETURN count(a) AS n"
    `);
  });
});

describe('workbench/delete-coding.ts', () => {
  it('READ_CODING_CYPHER', () => {
    expect(text('./workbench/delete-coding.ts', 'READ_CODING_CYPHER')).toMatchInlineSnapshot(`
      "MATCH (e:\`Excerpt\` {studyId: $studyId})-[r:\`CODED\`]->(c:\`Code\`)
      WHERE r.id = $codingId
      RETURN r.id AS id, e.id AS excerptId, e.documentId AS documentId, e.start AS start, e.end AS end,
             e.text AS text, c.id AS code, r.coderId AS coderId, r.at AS at
      LIMIT 1"
    `);
  });
  it('DELETE_CODED_CYPHER', () => {
    expect(text('./workbench/delete-coding.ts', 'DELETE_CODED_CYPHER')).toMatchInlineSnapshot(`
      "MATCH (e:\`Excerpt\` {studyId: $studyId, id: $excerptId})-[r:\`CODED\`]->()
      WHERE r.id = $codingId
      DELETE r"
    `);
  });
  it('DROP_UNCODED_EXCERPT_CYPHER', () => {
    expect(text('./workbench/delete-coding.ts', 'DROP_UNCODED_EXCERPT_CYPHER'))
      .toMatchInlineSnapshot(`
      "MATCH (e:\`Excerpt\` {studyId: $studyId, id: $excerptId})
      WHERE NOT (e)-[:\`CODED\`]->()
      OPTIONAL MATCH (m:\`Memo\`)-[:\`ABOUT\`]->(e)
      WHERE COUNT { (m)-[:\`ABOUT\`]->() } = 1
      WITH e, collect(m) AS memos, collect(m.text) AS memoTexts
      FOREACH (m IN memos | DETACH DELETE m)
      DETACH DELETE e
      RETURN memoTexts"
    `);
  });
});

describe('workbench/document-codings.ts', () => {
  it('DOCUMENT_CODINGS_CYPHER', () => {
    expect(text('./workbench/document-codings.ts', 'DOCUMENT_CODINGS_CYPHER'))
      .toMatchInlineSnapshot(`
      "MATCH (e:\`Excerpt\` {studyId: $studyId, documentId: $documentId})
      OPTIONAL MATCH (e)-[r:\`CODED\`]->(c:\`Code\`)
      WITH e, collect(CASE WHEN r IS NULL THEN NULL ELSE {id: r.id, code: c.id, coderId: r.coderId, at: r.at} END) AS codings
      OPTIONAL MATCH (m:\`Memo\`)-[:\`ABOUT\`]->(e)
      WITH e, codings, collect(CASE WHEN m IS NULL THEN NULL ELSE {id: m.id, text: m.text, author: m.author} END) AS memos
      RETURN e.id AS id, e.start AS start, e.end AS end, e.text AS text,
             e.speakerKind AS speakerKind, e.speakerId AS speakerId,
             e.performerKind AS performerKind, e.performerId AS performerId,
             coalesce(e.performerSource, 'none') AS performerSource, codings, memos
      ORDER BY start, end, id"
    `);
  });
});

describe('workbench/excerpt-notes.ts', () => {
  it('READ_EXCERPT_CYPHER', () => {
    expect(text('./workbench/excerpt-notes.ts', 'READ_EXCERPT_CYPHER')).toMatchInlineSnapshot(`
      "MATCH (e:\`Excerpt\` {studyId: $studyId, id: $excerptId})
      RETURN e.documentId AS documentId, e.speakerKind AS speakerKind, e.speakerId AS speakerId,
             e.performerKind AS performerKind, e.performerId AS performerId,
             e.performerSource AS performerSource"
    `);
  });
  it('CLEAR_PERFORMER_CYPHER', () => {
    expect(text('./workbench/excerpt-notes.ts', 'CLEAR_PERFORMER_CYPHER')).toMatchInlineSnapshot(`
      "MATCH (e:\`Excerpt\` {studyId: $studyId, id: $excerptId})
      OPTIONAL MATCH (e)-[p:\`PERFORMED_BY\`]->()
      DELETE p
      WITH DISTINCT e
      SET e.performerKind = $performerKind, e.performerId = $performerId, e.performerSource = $source"
    `);
  });
  it('READ_MEMO_CYPHER', () => {
    expect(text('./workbench/excerpt-notes.ts', 'READ_MEMO_CYPHER')).toMatchInlineSnapshot(
      `"MATCH (m:\`Memo\` {studyId: $studyId, id: $memoId}) RETURN m.text AS text, m.author AS author"`,
    );
  });
  it('UPSERT_MEMO_CYPHER', () => {
    expect(text('./workbench/excerpt-notes.ts', 'UPSERT_MEMO_CYPHER')).toMatchInlineSnapshot(`
      "MATCH (e:\`Excerpt\` {studyId: $studyId, id: $excerptId})
      MERGE (m:\`Memo\` {studyId: $studyId, id: $memoId})
      SET m = $props, m.studyId = $studyId
      MERGE (m)-[:\`ABOUT\`]->(e)"
    `);
  });
  it('DELETE_MEMO_CYPHER', () => {
    expect(text('./workbench/excerpt-notes.ts', 'DELETE_MEMO_CYPHER')).toMatchInlineSnapshot(
      `"MATCH (m:\`Memo\` {studyId: $studyId, id: $memoId}) DETACH DELETE m"`,
    );
  });
});

describe('workbench/study-documents.ts', () => {
  it('LIST_DOCUMENTS_CYPHER', () => {
    expect(text('./workbench/study-documents.ts', 'LIST_DOCUMENTS_CYPHER')).toMatchInlineSnapshot(`
      "MATCH (d:\`Document\` {studyId: $studyId})
      RETURN d.id AS id, coalesce(d.title, d.id) AS title,
             COUNT { (:\`Excerpt\`)-[:\`IN\`]->(d) } AS excerpts
      ORDER BY d.id"
    `);
  });
  it('STUDY_SPEAKERS_CYPHER', () => {
    expect(text('./workbench/study-documents.ts', 'STUDY_SPEAKERS_CYPHER')).toMatchInlineSnapshot(`
      "MATCH (s:\`Study\` {id: $studyId})
      OPTIONAL MATCH (i:\`Informant\` {studyId: $studyId})
      WITH s, i ORDER BY i.id
      RETURN s.json AS json, collect(i.id) AS informants"
    `);
  });
});

describe('workbench/upsert-coding.ts', () => {
  it('CODE_CHECK_CYPHER', () => {
    expect(text('./workbench/upsert-coding.ts', 'CODE_CHECK_CYPHER')).toMatchInlineSnapshot(`
      "MATCH (c:\`Code\` {studyId: $studyId, id: $code})
      RETURN coalesce(c.isCodable, true) AS codable"
    `);
  });
  it('MERGE_EXCERPT_CYPHER', () => {
    expect(text('./workbench/upsert-coding.ts', 'MERGE_EXCERPT_CYPHER')).toMatchInlineSnapshot(`
      "MATCH (d:\`Document\` {studyId: $studyId, id: $documentId})
      MERGE (e:\`Excerpt\` {studyId: $studyId, id: $excerptId})
      ON CREATE SET e += $props, e.wbNew = true
      WITH d, e, e.wbNew IS NOT NULL AS created
      REMOVE e.wbNew
      FOREACH (_ IN CASE WHEN created THEN [1] ELSE [] END | CREATE (e)-[:\`IN\`]->(d))
      RETURN created"
    `);
  });
  it('MERGE_CODED_CYPHER', () => {
    expect(text('./workbench/upsert-coding.ts', 'MERGE_CODED_CYPHER')).toMatchInlineSnapshot(`
      "MATCH (e:\`Excerpt\` {studyId: $studyId, id: $excerptId})
      MATCH (code:\`Code\` {studyId: $studyId, id: $code})
      MERGE (e)-[r:\`CODED\` {id: $codingId}]->(code)
      ON CREATE SET r.coderId = $coderId, r.at = $at, r.studyId = $studyId, r.wbNew = true
      WITH r, r.wbNew IS NOT NULL AS created
      REMOVE r.wbNew
      RETURN created"
    `);
  });
});

describe('workbench/workbench-excerpt.ts', () => {
  it('DOCUMENT_TEXT_CYPHER', () => {
    expect(text('./workbench/workbench-excerpt.ts', 'DOCUMENT_TEXT_CYPHER')).toMatchInlineSnapshot(`
      "MATCH (d:\`Document\` {studyId: $studyId, id: $documentId})
      RETURN d.text AS text, d.turns AS turns"
    `);
  });
});

describe('writers/import-run.ts', () => {
  it('RECORD_IMPORT_RUN_CYPHER', () => {
    expect(text('./writers/import-run.ts', 'RECORD_IMPORT_RUN_CYPHER')).toMatchInlineSnapshot(`
      "MATCH (s:\`Study\` {id: $studyId})
      CREATE (r:\`ImportRun\`)
      SET r = $props, r.studyId = $studyId
      CREATE (r)-[:\`ABOUT\`]->(s)"
    `);
  });
  it('LIST_IMPORT_RUNS_CYPHER', () => {
    expect(text('./writers/import-run.ts', 'LIST_IMPORT_RUNS_CYPHER')).toMatchInlineSnapshot(`
      "MATCH (r:\`ImportRun\` {studyId: $studyId})
      RETURN r.id AS id, r.source AS source, r.contentHash AS contentHash, r.startedAt AS startedAt,
             r.endedAt AS endedAt, r.status AS status, r.counts AS counts
      ORDER BY r.startedAt"
    `);
  });
});

describe('writers/node-upsert.ts', () => {
  it('upsertNodesCypher', () => {
    expect(built('./writers/node-upsert.ts', 'upsertNodesCypher', 'Informant'))
      .toMatchInlineSnapshot(`
      "UNWIND $rows AS row
      OPTIONAL MATCH (old:\`Informant\` {studyId: $studyId, id: row.id})
      WITH row, CASE WHEN old IS NULL THEN 'created'
                     WHEN coalesce(old.rowHash, '') = row.hash THEN 'unchanged'
                     ELSE 'changed' END AS outcome
      MERGE (n:\`Informant\` {studyId: $studyId, id: row.id})
      WITH n, row, outcome
      FOREACH (_ IN CASE WHEN outcome <> 'unchanged' THEN [1] ELSE [] END |
        SET n = row.props, n.studyId = $studyId, n.id = row.id, n.rowHash = row.hash)
      RETURN outcome, count(*) AS n"
    `);
  });
});

describe('writers/write-documents.ts', () => {
  it('EXISTING_DOCUMENTS_CYPHER', () => {
    expect(text('./writers/write-documents.ts', 'EXISTING_DOCUMENTS_CYPHER'))
      .toMatchInlineSnapshot(`
      "UNWIND $ids AS id
      MATCH (d:\`Document\` {studyId: $studyId, id: id})
      RETURN d.id AS id, d.payloadHash AS payloadHash"
    `);
  });
  it('CLEAR_DOCUMENTS_CYPHER', () => {
    expect(text('./writers/write-documents.ts', 'CLEAR_DOCUMENTS_CYPHER')).toMatchInlineSnapshot(`
      "UNWIND $ids AS id
      MATCH (e:\`Excerpt\` {studyId: $studyId, documentId: id})
      OPTIONAL MATCH (m:\`Memo\` {studyId: $studyId, documentId: id})
      DETACH DELETE e, m
      WITH DISTINCT id
      MATCH (d:\`Document\` {studyId: $studyId, id: id})
      OPTIONAL MATCH (d)-[w:\`WITH\`]->()
      DELETE w"
    `);
  });
  it('WRITE_DOCUMENTS_CYPHER', () => {
    expect(text('./writers/write-documents.ts', 'WRITE_DOCUMENTS_CYPHER')).toMatchInlineSnapshot(`
      "UNWIND $docs AS doc
      MERGE (d:\`Document\` {studyId: $studyId, id: doc.id})
      SET d = doc.props, d.studyId = $studyId, d.id = doc.id, d.payloadHash = doc.hash
      WITH d, doc
      UNWIND doc.participants AS pid
      MATCH (i:\`Informant\` {studyId: $studyId, id: pid})
      MERGE (d)-[:\`WITH\`]->(i)"
    `);
  });
  it('WRITE_EXCERPTS_CYPHER', () => {
    expect(text('./writers/write-documents.ts', 'WRITE_EXCERPTS_CYPHER')).toMatchInlineSnapshot(`
      "UNWIND $excerpts AS x
      MATCH (d:\`Document\` {studyId: $studyId, id: x.documentId})
      CREATE (e:\`Excerpt\`)
      SET e = x.props, e.studyId = $studyId
      CREATE (e)-[:\`IN\`]->(d)
      WITH e, x
      CALL (e, x) {
        MATCH (i:\`Informant\` {studyId: $studyId, id: x.speaker})
        CREATE (e)-[:\`SPOKEN_BY\`]->(i)
        RETURN count(*) AS spoken
      }
      CALL (e, x) {
        MATCH (a:\`Informant\` {studyId: $studyId, id: x.performer.informant})
        CREATE (e)-[:\`PERFORMED_BY\` {source: x.performerSource}]->(a)
        RETURN count(*) AS informant
      }
      CALL (e, x) {
        MATCH (a:\`Organisation\` {studyId: $studyId, id: x.performer.organisation})
        CREATE (e)-[:\`PERFORMED_BY\` {source: x.performerSource}]->(a)
        RETURN count(*) AS organisation
      }
      CALL (e, x) {
        MATCH (a:\`ActorGroup\` {studyId: $studyId, id: x.performer.actor_group})
        CREATE (e)-[:\`PERFORMED_BY\` {source: x.performerSource}]->(a)
        RETURN count(*) AS actor_group
      }
      CALL (e, x) {
        UNWIND x.codings AS c
        MATCH (code:\`Code\` {studyId: $studyId, id: c.code})
        CREATE (e)-[r:\`CODED\`]->(code)
        SET r.id = c.id, r.coderId = c.coderId, r.at = c.at, r.studyId = $studyId
        RETURN count(r) AS coded
      }
      RETURN count(e) AS n, sum(spoken) AS spoken, sum(informant + organisation + actor_group) AS performed,
        sum(coded) AS coded"
    `);
  });
  it('SPOKEN_BY_CYPHER', () => {
    expect(text('./writers/write-documents.ts', 'SPOKEN_BY_CYPHER')).toMatchInlineSnapshot(`
      "UNWIND $rows AS row
      MATCH (e:\`Excerpt\` {studyId: $studyId, id: row.excerptId})
      MATCH (i:\`Informant\` {studyId: $studyId, id: row.informantId})
      CREATE (e)-[:\`SPOKEN_BY\`]->(i)"
    `);
  });
  it('performedByCypher', () => {
    expect(built('./writers/write-documents.ts', 'performedByCypher', 'actor_group'))
      .toMatchInlineSnapshot(`
      "UNWIND $rows AS row
      MATCH (e:\`Excerpt\` {studyId: $studyId, id: row.excerptId})
      MATCH (a:\`ActorGroup\` {studyId: $studyId, id: row.actorId})
      CREATE (e)-[:\`PERFORMED_BY\` {source: row.source}]->(a)
      RETURN count(*) AS n"
    `);
  });
  it('WRITE_CODINGS_CYPHER', () => {
    expect(text('./writers/write-documents.ts', 'WRITE_CODINGS_CYPHER')).toMatchInlineSnapshot(`
      "UNWIND $codings AS c
      MATCH (e:\`Excerpt\` {studyId: $studyId, id: c.excerptId})
      MATCH (code:\`Code\` {studyId: $studyId, id: c.code})
      CREATE (e)-[r:\`CODED\`]->(code)
      SET r.id = c.id, r.coderId = c.coderId, r.at = c.at, r.studyId = $studyId
      RETURN count(r) AS n"
    `);
  });
  it('WRITE_MEMOS_CYPHER', () => {
    expect(text('./writers/write-documents.ts', 'WRITE_MEMOS_CYPHER')).toMatchInlineSnapshot(`
      "UNWIND $memos AS m
      CREATE (n:\`Memo\`)
      SET n = m.props, n.studyId = $studyId
      WITH n, m
      UNWIND m.excerptIds AS xid
      MATCH (e:\`Excerpt\` {studyId: $studyId, id: xid})
      CREATE (n)-[:\`ABOUT\`]->(e)"
    `);
  });
});

describe('writers/write-study-manifest.ts', () => {
  it('HOLDS_CYPHER', () => {
    expect(text('./writers/write-study-manifest.ts', 'HOLDS_CYPHER')).toMatchInlineSnapshot(`
      "UNWIND $rows AS row
      MATCH (i:\`Informant\` {studyId: $studyId, id: row.informantId})
      OPTIONAL MATCH (i)-[old:\`HOLDS\`]->(p:\`Position\`)
      WHERE p.id <> coalesce(row.positionId, '')
      DELETE old
      WITH DISTINCT i, row WHERE row.positionId IS NOT NULL
      MATCH (p:\`Position\` {studyId: $studyId, id: row.positionId})
      MERGE (i)-[:\`HOLDS\`]->(p)"
    `);
  });
  it('CODE_PARENT_CYPHER', () => {
    expect(text('./writers/write-study-manifest.ts', 'CODE_PARENT_CYPHER')).toMatchInlineSnapshot(`
      "UNWIND $rows AS row
      MATCH (c:\`Code\` {studyId: $studyId, id: row.key})
      OPTIONAL MATCH (c)-[old:\`CHILD_OF\`]->(p:\`Code\`)
      WHERE p.id <> coalesce(row.parentKey, '')
      DELETE old
      WITH DISTINCT c, row WHERE row.parentKey IS NOT NULL
      MATCH (p:\`Code\` {studyId: $studyId, id: row.parentKey})
      MERGE (c)-[:\`CHILD_OF\`]->(p)"
    `);
  });
  it('UPSERT_STUDY_CYPHER', () => {
    expect(text('./writers/write-study-manifest.ts', 'UPSERT_STUDY_CYPHER')).toMatchInlineSnapshot(`
      "OPTIONAL MATCH (old:\`Study\` {id: $studyId})
      WITH CASE WHEN old IS NULL THEN 'created'
                WHEN coalesce(old.rowHash, '') = $hash THEN 'unchanged' ELSE 'changed' END AS outcome
      MERGE (s:\`Study\` {id: $studyId})
      WITH s, outcome
      FOREACH (_ IN CASE WHEN outcome <> 'unchanged' THEN [1] ELSE [] END |
        SET s = $props, s.id = $studyId, s.rowHash = $hash)
      RETURN outcome"
    `);
  });
  it('relationCypher', () => {
    expect(
      built(
        './writers/write-study-manifest.ts',
        'relationCypher',
        'employed_by',
        'informant',
        'organisation',
      ),
    ).toMatchInlineSnapshot(`
      "UNWIND $rows AS row
      MATCH (a:\`Informant\` {studyId: $studyId, id: row.fromId})
      MATCH (b:\`Organisation\` {studyId: $studyId, id: row.toId})
      MERGE (a)-[r:\`EMPLOYED_BY\` {studyId: $studyId, id: row.id}]->(b)
      SET r = row.props, r.studyId = $studyId, r.id = row.id
      RETURN count(r) AS written"
    `);
  });
  it('staleRelationsCypher', () => {
    expect(built('./writers/write-study-manifest.ts', 'staleRelationsCypher', 'informant'))
      .toMatchInlineSnapshot(`
      "MATCH (a:\`Informant\` {studyId: $studyId})-[r:\`EMPLOYED_BY\`|\`ADVISES\`|\`ENLISTS\`|\`COLLABORATES_WITH\`|\`REPORTS_TO\`|\`ATTENDS\`|\`CO_LOCATED_WITH\`]->()
      WHERE r.studyId = $studyId AND NOT type(r) + ':' + r.id IN $keep
      DELETE r
      RETURN count(*) AS removed"
    `);
  });
});

describe('queries/search-documents.ts', () => {
  it('SEARCH_DOCUMENTS_CYPHER', () => {
    expect(text('./queries/search-documents.ts', 'SEARCH_DOCUMENTS_CYPHER')).toMatchInlineSnapshot(`
      "CALL db.index.fulltext.queryNodes($index, $query) YIELD node, score
      WITH node AS d, score WHERE d:\`Document\` AND d.studyId = $studyId
      RETURN d.id AS id, coalesce(d.title, d.id) AS title, d.text AS text, d.turns AS turns, score
      ORDER BY score DESC, id"
    `);
  });
});

describe('workbench/document-edits.ts', () => {
  it('DOCUMENT_SUMMARY_CYPHER', () => {
    expect(text('./workbench/document-edits.ts', 'DOCUMENT_SUMMARY_CYPHER')).toMatchInlineSnapshot(`
      "MATCH (d:\`Document\` {studyId: $studyId, id: $documentId})
      CALL (d) {
        OPTIONAL MATCH (e:\`Excerpt\` {studyId: $studyId, documentId: d.id})
        OPTIONAL MATCH (e)-[c:\`CODED\`]->()
        WITH count(DISTINCT e) AS excerpts, collect(c.coderId) AS coders
        RETURN excerpts, coders
      }
      CALL (d) {
        OPTIONAL MATCH (m:\`Memo\` {studyId: $studyId, documentId: d.id})
        RETURN count(m) AS memos
      }
      RETURN d.title AS title, d.sourcePath AS sourcePath, excerpts, coders, memos"
    `);
  });

  it('RENAME_DOCUMENT_CYPHER', () => {
    expect(text('./workbench/document-edits.ts', 'RENAME_DOCUMENT_CYPHER')).toMatchInlineSnapshot(`
      "MATCH (d:\`Document\` {studyId: $studyId, id: $documentId})
      SET d.title = $title"
    `);
  });

  it('DOCUMENT_EXCERPT_IDS_CYPHER', () => {
    expect(text('./workbench/document-edits.ts', 'DOCUMENT_EXCERPT_IDS_CYPHER'))
      .toMatchInlineSnapshot(`
      "MATCH (e:\`Excerpt\` {studyId: $studyId, documentId: $documentId})
      RETURN collect(e.id) AS ids"
    `);
  });

  it('DELETE_DOCUMENT_CYPHER', () => {
    expect(text('./workbench/document-edits.ts', 'DELETE_DOCUMENT_CYPHER')).toMatchInlineSnapshot(`
      "MATCH (d:\`Document\` {studyId: $studyId, id: $documentId})
      OPTIONAL MATCH (e:\`Excerpt\` {studyId: $studyId, documentId: $documentId})
      OPTIONAL MATCH (m:\`Memo\` {studyId: $studyId, documentId: $documentId})
      WITH d, collect(DISTINCT e) AS excerpts, collect(DISTINCT m) AS memos
      FOREACH (x IN excerpts | DETACH DELETE x)
      FOREACH (x IN memos | DETACH DELETE x)
      DETACH DELETE d"
    `);
  });
});

describe('workbench/study-edits.ts', () => {
  it('CODINGS_OF_CODE_CYPHER', () => {
    expect(text('./workbench/study-edits.ts', 'CODINGS_OF_CODE_CYPHER')).toMatchInlineSnapshot(`
      "MATCH (e:\`Excerpt\` {studyId: $studyId})-[r:\`CODED\`]->(c:\`Code\` {studyId: $studyId, id: $code})
      RETURN e.id AS excerptId, r.id AS id, r.coderId AS coderId, r.at AS at
      ORDER BY e.id, r.coderId"
    `);
  });

  it('MOVE_CODINGS_CYPHER', () => {
    expect(text('./workbench/study-edits.ts', 'MOVE_CODINGS_CYPHER')).toMatchInlineSnapshot(`
      "UNWIND $rows AS row
      MATCH (e:\`Excerpt\` {studyId: $studyId, id: row.excerptId})-[old:\`CODED\`]->(:\`Code\` {studyId: $studyId, id: $from})
      WHERE old.id = row.oldId
      MATCH (into:\`Code\` {studyId: $studyId, id: $into})
      MERGE (e)-[r:\`CODED\` {id: row.newId}]->(into)
      ON CREATE SET r.coderId = row.coderId, r.at = row.at, r.studyId = $studyId
      DELETE old
      RETURN count(*) AS n"
    `);
  });

  it('DELETE_CODE_CYPHER', () => {
    expect(text('./workbench/study-edits.ts', 'DELETE_CODE_CYPHER')).toMatchInlineSnapshot(`
      "MATCH (c:\`Code\` {studyId: $studyId, id: $code})
      DETACH DELETE c"
    `);
  });

  it('EXCERPTS_EXIST_CYPHER', () => {
    expect(text('./workbench/study-edits.ts', 'EXCERPTS_EXIST_CYPHER')).toMatchInlineSnapshot(`
      "UNWIND $ids AS id
      OPTIONAL MATCH (e:\`Excerpt\` {studyId: $studyId, id: id})
      RETURN id, e IS NOT NULL AS found"
    `);
  });

  it('actorUsesCypher', () => {
    expect(built('./workbench/study-edits.ts', 'actorUsesCypher', 'actor_group'))
      .toMatchInlineSnapshot(`
      "MATCH (a:\`ActorGroup\` {studyId: $studyId, id: $id})
      OPTIONAL MATCH (p:\`Excerpt\` {studyId: $studyId})-[:\`PERFORMED_BY\`]->(a)
      WITH a, count(DISTINCT p) AS performed
      OPTIONAL MATCH (s:\`Excerpt\` {studyId: $studyId})-[:\`SPOKEN_BY\`]->(a)
      WITH a, performed, count(DISTINCT s) AS spoken
      OPTIONAL MATCH (d:\`Document\` {studyId: $studyId})-[:\`WITH\`]->(a)
      RETURN performed, spoken, collect(DISTINCT d.id) AS documents"
    `);
  });

  it('deleteActorCypher', () => {
    expect(built('./workbench/study-edits.ts', 'deleteActorCypher', 'organisation'))
      .toMatchInlineSnapshot(`
      "MATCH (a:\`Organisation\` {studyId: $studyId, id: $id})
      DETACH DELETE a"
    `);
  });
});

describe('writers/delete-study.ts', () => {
  it('deleteRelationshipsCypher', () => {
    expect(built('./writers/delete-study.ts', 'deleteRelationshipsCypher', 'Excerpt'))
      .toMatchInlineSnapshot(`
      "MATCH (n:\`Excerpt\` {studyId: $studyId})-[r]-()
      WITH DISTINCT r LIMIT toInteger($batch)
      DELETE r
      RETURN count(r) AS deleted"
    `);
  });

  it('deleteNodesCypher', () => {
    expect(built('./writers/delete-study.ts', 'deleteNodesCypher', 'Excerpt'))
      .toMatchInlineSnapshot(`
      "MATCH (n:\`Excerpt\` {studyId: $studyId})
      WITH n LIMIT toInteger($batch)
      DETACH DELETE n
      RETURN count(n) AS deleted"
    `);
  });

  it('DELETE_STUDY_NODE_CYPHER', () => {
    expect(text('./writers/delete-study.ts', 'DELETE_STUDY_NODE_CYPHER')).toMatchInlineSnapshot(`
      "MATCH (s:\`Study\` {id: $studyId})
      DETACH DELETE s
      RETURN count(s) AS deleted"
    `);
  });
});

describe('every exported Cypher text has a snapshot', () => {
  it('lists each module export holding Cypher (or building it) in a text() or built() line above', () => {
    const self = readFileSync(fileURLToPath(import.meta.url), 'utf8');
    const covered = new Set(
      [...self.matchAll(/(?:text|built)\(\s*'([^']+)',\s*'([^']+)'/g)].map(
        (m) => `${m[1]} ${m[2]}`,
      ),
    );
    const found: string[] = [];
    for (const [path, mod] of Object.entries(MODULES)) {
      for (const [name, v] of Object.entries(mod)) {
        const cypher =
          isCypher(v) ||
          (Array.isArray(v) && v.some(isCypher)) ||
          (typeof v === 'function' && /Cypher$/.test(name));
        if (cypher) found.push(`${path} ${name}`);
      }
    }
    expect(found.length).toBeGreaterThan(90);
    expect(found.filter((f) => !covered.has(f))).toEqual([]);
  });
});
