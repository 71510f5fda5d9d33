import { createGraph, GraphError, listSchema, applyMigrations, checkHealth } from '@iwa/graph';
import { graphTest, testGraphConfig } from '@iwa/testing';
import { describe, expect } from 'vitest';

describe('graph core against a real Neo4j', () => {
  graphTest('reports the server it talks to', async ({ graph }) => {
    const health = await checkHealth(graph);
    expect(health.ok).toBe(true);
    expect(health.serverVersion).toMatch(/^5\./);
    expect(health.database).toBe(testGraphConfig().database);
  });

  graphTest('applying the migrations again changes nothing in the schema', async ({ graph }) => {
    const before = await listSchema(graph);
    const again = await applyMigrations(graph);
    const after = await listSchema(graph);
    expect(again.applied).toEqual([]);
    expect(after).toEqual(before);
    expect(after.map((s) => s.name)).toContain('excerpt_study_id');
    expect(after.find((s) => s.name === 'excerpt_study_id')?.detail).toBe(
      'UNIQUENESS Excerpt(studyId,id,)',
    );
  });

  graphTest(
    'a duplicate (studyId, id) raises GraphError constraint_violation',
    async ({ graph, studyId }) => {
      await graph.run('CREATE (:Excerpt {studyId: $studyId, id: "e1", text: "first"})', {
        studyId,
      });
      const duplicate = graph.run(
        'CREATE (:Excerpt {studyId: $studyId, id: "e1", text: "again"})',
        {
          studyId,
        },
      );
      await expect(duplicate).rejects.toBeInstanceOf(GraphError);
      await expect(duplicate).rejects.toMatchObject({
        code: 'constraint_violation',
        neo4jCode: 'Neo.ClientError.Schema.ConstraintValidationFailed',
      });
      // the same id in another study is fine: uniqueness is per study
      await graph.run('CREATE (:Excerpt {studyId: $other, id: "e1"})', { other: `${studyId}-b` });
      await graph.run('MATCH (n:Excerpt {studyId: $other}) DELETE n', { other: `${studyId}-b` });
    },
  );

  graphTest('a committed write is visible through a second driver', async ({ graph, studyId }) => {
    await graph.writeTransaction(async (tx) => {
      await tx.run('CREATE (:Informant {studyId: $studyId, id: "inf-1", pseudonym: "H3"})', {
        studyId,
      });
    });
    const second = createGraph(testGraphConfig(), { appName: 'second-driver' });
    try {
      const rows = await second.read(
        'MATCH (i:Informant {studyId: $studyId}) RETURN i.id AS id, i.pseudonym AS pseudonym',
        { studyId },
      );
      expect(rows).toEqual([{ id: 'inf-1', pseudonym: 'H3' }]);
    } finally {
      await second.close();
    }
  });

  graphTest('a failed unit of work leaves nothing behind', async ({ graph, studyId }) => {
    const failing = graph.writeTransaction(async (tx) => {
      await tx.run('CREATE (:Document {studyId: $studyId, id: "d1"})', { studyId });
      await tx.run('CREATE (:Document {studyId: $studyId, id: "d1"})', { studyId });
    });
    await expect(failing).rejects.toMatchObject({ code: 'constraint_violation' });
    const rows = await graph.read('MATCH (d:Document {studyId: $studyId}) RETURN count(d) AS n', {
      studyId,
    });
    expect(rows).toEqual([{ n: 0 }]);
  });

  graphTest(
    "an error that is not Neo4j's stays query_failed while the server answers (a stopped server turns it into unavailable: the CLI's local-neo4j test)",
    async ({ graph, studyId }) => {
      const failing = graph.writeTransaction(async (tx) => {
        await tx.run('CREATE (:Document {studyId: $studyId, id: "d1"})', { studyId });
        throw new TypeError('not the database');
      });
      await expect(failing).rejects.toMatchObject({
        name: 'GraphError',
        code: 'query_failed',
        message: 'Neo4j query: not the database',
      });
    },
  );

  graphTest('an unreachable server raises GraphError unavailable', async () => {
    const dead = createGraph(
      { uri: 'bolt://127.0.0.1:1', user: 'neo4j', database: 'neo4j' },
      { maxRetryTimeMs: 500 },
    );
    try {
      await expect(checkHealth(dead)).rejects.toMatchObject({
        name: 'GraphError',
        code: 'unavailable',
      });
    } finally {
      await dead.close();
    }
  });
});
