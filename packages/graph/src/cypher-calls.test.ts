/// <reference types="vite/client" />
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { StudyManifest } from '@iwa/study';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Graph, Runner } from './create-graph.ts';
import type { Row } from './plain-values.ts';
import { appendPhaseEvent } from './phases/phase-store.ts';
import { appendAuditEntry } from './workbench/audit.ts';
import { deleteCoding } from './workbench/delete-coding.ts';
import { deleteDocument } from './workbench/document-edits.ts';
import { deleteStudy } from './writers/delete-study.ts';
import { setExcerptMemo, setPerformer } from './workbench/excerpt-notes.ts';
import { upsertCoding } from './workbench/upsert-coding.ts';
import { recordImportRun } from './writers/import-run.ts';
import { upsertNodes } from './writers/node-upsert.ts';
import { writeDocuments } from './writers/write-documents.ts';
import { writeStudyManifest, type CodeRow } from './writers/write-study-manifest.ts';

/*
 * The writers' half of the Cypher snapshot tier: each writer runs against a recording graph (no
 * database) and the statements it sends are pinned with the parameters it sends them with. A
 * statement is named by the exported constant that holds its text (see cypher-snapshots.test.ts
 * for the texts). Rows come back empty, so a writer that needs a row to go on stops there and
 * the snapshot says so. The last test fails when a module exports a writer without a line here.
 */

type Module = Record<string, unknown>;
const MODULES = import.meta.glob<Module>(['./**/*.ts', '!./**/*.test.ts', '!./index.ts'], {
  eager: true,
});

const NAMES = new Map<string, string>();
for (const [path, mod] of Object.entries(MODULES))
  for (const [name, v] of Object.entries(mod))
    if (typeof v === 'string') NAMES.set(v, `${path.slice(2)} ${name}`);

interface Call {
  statement: string;
  params: unknown;
}

/** A graph that records every statement and answers with no rows. */
function recorder(): { graph: Graph; calls: Call[] } {
  const calls: Call[] = [];
  const run = (cypher: string, params?: object): Promise<Row[]> => {
    calls.push({ statement: NAMES.get(cypher) ?? cypher, params: params ?? {} });
    return Promise.resolve([]);
  };
  const tx: Runner = { run };
  const graph: Graph = {
    database: 'neo4j',
    uri: 'bolt://recorder',
    run,
    read: run,
    runAutoCommit: run,
    writeTransaction: (fn) => fn(tx),
    readTransaction: (fn) => fn(tx),
    verifyConnectivity: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
  return { graph, calls };
}

/** The statements a writer sends, and how it ended on empty rows. */
async function calls(
  _writer: string,
  write: (graph: Graph) => Promise<unknown>,
): Promise<{ calls: Call[]; ended: string }> {
  const r = recorder();
  let ended = 'returned';
  try {
    await write(r.graph);
  } catch (err) {
    ended = `threw: ${err instanceof Error ? err.message : String(err)}`;
  }
  return { calls: r.calls, ended };
}

afterEach(() => {
  vi.useRealTimers();
});

const change = { opId: 'op-7', coderId: 'hilde', at: '2026-03-02T10:15:00Z' };

const manifest: StudyManifest = {
  id: 'ips-norway',
  name: 'IPS in Norway',
  informants: [{ id: 'M01', pseudonym: 'Manager, Nav Bodø', positionId: 'pos-nav-manager' }],
  speakers: [],
  positions: [{ id: 'pos-nav-manager', role: 'manager', sector: 'nav', level: 'local' }],
  organisations: [{ id: 'nav-bodo', name: 'Nav Bodø', kind: 'nav_local', sector: 'nav' }],
  actorGroups: [],
  relations: [
    {
      id: 'rel-1',
      type: 'employed_by',
      primary: true,
      from: { kind: 'informant', id: 'M01' },
      to: { kind: 'organisation', id: 'nav-bodo' },
      evidence: [],
    },
  ],
  coders: [{ id: 'hilde' }],
  memos: [],
  codebook: { codes: [{ key: 'flag.ally_enlisted', label: 'Ally enlisted' }] },
  dimensions: {},
  variables: [],
  phaseEvents: [],
  sets: [],
  links: [],
};
const codes: CodeRow[] = [
  {
    key: 'form.operational',
    label: 'Operational work',
    family: 'form',
    framework: 'cloutier2015',
    isCodable: true,
  },
];

describe('writers send these statements with these parameters', () => {
  it('writeStudyManifest', async () => {
    expect(await calls('writeStudyManifest', (g) => writeStudyManifest(g, { manifest, codes })))
      .toMatchInlineSnapshot(`
      {
        "calls": [
          {
            "params": {
              "hash": "133065484bfc31e127f9a472de1dc210fbff7c392cc4656d27d793b301d2ce06",
              "props": {
                "json": "{"id":"ips-norway","name":"IPS in Norway","speakers":[],"coders":[{"id":"hilde"}],"codebook":{"codes":[{"key":"flag.ally_enlisted","label":"Ally enlisted"}]},"dimensions":{},"variables":[],"phaseEvents":[],"sets":[],"links":[],"memos":[]}",
                "name": "IPS in Norway",
              },
              "studyId": "ips-norway",
            },
            "statement": "writers/write-study-manifest.ts UPSERT_STUDY_CYPHER",
          },
          {
            "params": {
              "rows": [
                {
                  "hash": "a0b29f3f27deaa8cc8fae966a5c4df7c430e549bd2b039ff4034c26ceef52fa0",
                  "id": "form.operational",
                  "props": {
                    "family": "form",
                    "framework": "cloutier2015",
                    "id": "form.operational",
                    "isCodable": true,
                    "json": "{"key":"form.operational","label":"Operational work","family":"form","framework":"cloutier2015","isCodable":true}",
                    "key": "form.operational",
                    "label": "Operational work",
                  },
                },
              ],
              "studyId": "ips-norway",
            },
            "statement": "UNWIND $rows AS row
      OPTIONAL MATCH (old:\`Code\` {studyId: $studyId, id: row.id})
      WITH row, CASE WHEN old IS NULL THEN 'created'
                     WHEN coalesce(old.rowHash, '') = row.hash THEN 'unchanged'
                     ELSE 'changed' END AS outcome
      MERGE (n:\`Code\` {studyId: $studyId, id: row.id})
      WITH n, row, outcome
      FOREACH (_ IN CASE WHEN outcome <> 'unchanged' THEN [1] ELSE [] END |
        SET n = row.props, n.studyId = $studyId, n.id = row.id, n.rowHash = row.hash)
      RETURN outcome, count(*) AS n",
          },
          {
            "params": {
              "rows": [
                {
                  "hash": "15e6c2c236731fa828e1122cbb041864eacd8099d82989d6cef07b2550f11c6e",
                  "id": "pos-nav-manager",
                  "props": {
                    "id": "pos-nav-manager",
                    "json": "{"id":"pos-nav-manager","role":"manager","sector":"nav","level":"local"}",
                    "level": "local",
                    "role": "manager",
                    "sector": "nav",
                  },
                },
              ],
              "studyId": "ips-norway",
            },
            "statement": "UNWIND $rows AS row
      OPTIONAL MATCH (old:\`Position\` {studyId: $studyId, id: row.id})
      WITH row, CASE WHEN old IS NULL THEN 'created'
                     WHEN coalesce(old.rowHash, '') = row.hash THEN 'unchanged'
                     ELSE 'changed' END AS outcome
      MERGE (n:\`Position\` {studyId: $studyId, id: row.id})
      WITH n, row, outcome
      FOREACH (_ IN CASE WHEN outcome <> 'unchanged' THEN [1] ELSE [] END |
        SET n = row.props, n.studyId = $studyId, n.id = row.id, n.rowHash = row.hash)
      RETURN outcome, count(*) AS n",
          },
          {
            "params": {
              "rows": [
                {
                  "hash": "c5a3ccd1690678bd01ec5a452889f2d9b3319baaec89c98387ba4617c1134965",
                  "id": "M01",
                  "props": {
                    "id": "M01",
                    "json": "{"id":"M01","pseudonym":"Manager, Nav Bodø","positionId":"pos-nav-manager"}",
                    "positionId": "pos-nav-manager",
                    "pseudonym": "Manager, Nav Bodø",
                  },
                },
              ],
              "studyId": "ips-norway",
            },
            "statement": "UNWIND $rows AS row
      OPTIONAL MATCH (old:\`Informant\` {studyId: $studyId, id: row.id})
      WITH row, CASE WHEN old IS NULL THEN 'created'
                     WHEN coalesce(old.rowHash, '') = row.hash THEN 'unchanged'
                     ELSE 'changed' END AS outcome
      MERGE (n:\`Informant\` {studyId: $studyId, id: row.id})
      WITH n, row, outcome
      FOREACH (_ IN CASE WHEN outcome <> 'unchanged' THEN [1] ELSE [] END |
        SET n = row.props, n.studyId = $studyId, n.id = row.id, n.rowHash = row.hash)
      RETURN outcome, count(*) AS n",
          },
          {
            "params": {
              "rows": [
                {
                  "hash": "ce92a9f827e9b5eb2402d65e52683f73666ab6533410102c2b582653e296ed06",
                  "id": "nav-bodo",
                  "props": {
                    "id": "nav-bodo",
                    "json": "{"id":"nav-bodo","name":"Nav Bodø","kind":"nav_local","sector":"nav"}",
                    "kind": "nav_local",
                    "name": "Nav Bodø",
                    "sector": "nav",
                  },
                },
              ],
              "studyId": "ips-norway",
            },
            "statement": "UNWIND $rows AS row
      OPTIONAL MATCH (old:\`Organisation\` {studyId: $studyId, id: row.id})
      WITH row, CASE WHEN old IS NULL THEN 'created'
                     WHEN coalesce(old.rowHash, '') = row.hash THEN 'unchanged'
                     ELSE 'changed' END AS outcome
      MERGE (n:\`Organisation\` {studyId: $studyId, id: row.id})
      WITH n, row, outcome
      FOREACH (_ IN CASE WHEN outcome <> 'unchanged' THEN [1] ELSE [] END |
        SET n = row.props, n.studyId = $studyId, n.id = row.id, n.rowHash = row.hash)
      RETURN outcome, count(*) AS n",
          },
          {
            "params": {
              "rows": [
                {
                  "key": "form.operational",
                  "parentKey": null,
                },
              ],
              "studyId": "ips-norway",
            },
            "statement": "writers/write-study-manifest.ts CODE_PARENT_CYPHER",
          },
          {
            "params": {
              "rows": [
                {
                  "informantId": "M01",
                  "positionId": "pos-nav-manager",
                },
              ],
              "studyId": "ips-norway",
            },
            "statement": "writers/write-study-manifest.ts HOLDS_CYPHER",
          },
          {
            "params": {
              "rows": [
                {
                  "fromId": "M01",
                  "id": "rel-1",
                  "props": {
                    "evidence": [],
                    "primary": true,
                  },
                  "toId": "nav-bodo",
                },
              ],
              "studyId": "ips-norway",
            },
            "statement": "UNWIND $rows AS row
      MATCH (a:\`Informant\` {studyId: $studyId, id: row.fromId})
      MATCH (b:\`Organisation\` {studyId: $studyId, id: row.toId})
      MERGE (a)-[r:\`EMPLOYED_BY\` {studyId: $studyId, id: row.id}]->(b)
      SET r = row.props, r.studyId = $studyId, r.id = row.id
      RETURN count(r) AS written",
          },
        ],
        "ended": "threw: employed_by relations of study ips-norway: 1 of 1 name an actor that does not exist",
      }
    `);
  });

  it('upsertNodes', async () => {
    expect(
      await calls('upsertNodes', (g) =>
        upsertNodes(g, 'Organisation', {
          studyId: 'ips-norway',
          rows: [
            { id: 'nav-bodo', props: { name: 'Nav Bodø', kind: 'nav_local' }, hash: 'h-3f1a' },
          ],
        }),
      ),
    ).toMatchInlineSnapshot(`
      {
        "calls": [
          {
            "params": {
              "rows": [
                {
                  "hash": "h-3f1a",
                  "id": "nav-bodo",
                  "props": {
                    "kind": "nav_local",
                    "name": "Nav Bodø",
                  },
                },
              ],
              "studyId": "ips-norway",
            },
            "statement": "UNWIND $rows AS row
      OPTIONAL MATCH (old:\`Organisation\` {studyId: $studyId, id: row.id})
      WITH row, CASE WHEN old IS NULL THEN 'created'
                     WHEN coalesce(old.rowHash, '') = row.hash THEN 'unchanged'
                     ELSE 'changed' END AS outcome
      MERGE (n:\`Organisation\` {studyId: $studyId, id: row.id})
      WITH n, row, outcome
      FOREACH (_ IN CASE WHEN outcome <> 'unchanged' THEN [1] ELSE [] END |
        SET n = row.props, n.studyId = $studyId, n.id = row.id, n.rowHash = row.hash)
      RETURN outcome, count(*) AS n",
          },
        ],
        "ended": "returned",
      }
    `);
  });

  it('writeDocuments', async () => {
    const text = 'M01: We moved the job specialist into the treatment team, and it took time.\n';
    expect(
      await calls('writeDocuments', (g) =>
        writeDocuments(g, {
          studyId: 'ips-norway',
          bundles: [
            {
              document: {
                id: 'doc-M01',
                kind: 'interview',
                participants: ['M01'],
                text,
                contentHash: 'sha1:5b2e',
                turns: [],
              },
              excerpts: [
                {
                  id: 'x-12',
                  documentId: 'doc-M01',
                  start: 5,
                  end: 77,
                  text: text.slice(5, 77),
                  speaker: { kind: 'informant', id: 'M01' },
                  performer: { kind: 'organisation', id: 'nav-bodo' },
                  performerSource: 'explicit',
                },
              ],
              codings: [
                { id: 'cd-1', excerptId: 'x-12', code: 'form.operational', coderId: 'hilde' },
              ],
              memos: [],
            },
          ],
        }),
      ),
    ).toMatchInlineSnapshot(`
      {
        "calls": [
          {
            "params": {
              "ids": [
                "doc-M01",
              ],
              "studyId": "ips-norway",
            },
            "statement": "writers/write-documents.ts EXISTING_DOCUMENTS_CYPHER",
          },
          {
            "params": {
              "docs": [
                {
                  "hash": "3fbec55fee11502178e67e8afab005746e760b54af5c0cd23e5069e9e6009182",
                  "id": "doc-M01",
                  "participants": [
                    "M01",
                  ],
                  "props": {
                    "contentHash": "sha1:5b2e",
                    "id": "doc-M01",
                    "kind": "interview",
                    "participants": [
                      "M01",
                    ],
                    "text": "M01: We moved the job specialist into the treatment team, and it took time.
      ",
                    "turns": "[]",
                  },
                },
              ],
              "studyId": "ips-norway",
            },
            "statement": "writers/write-documents.ts WRITE_DOCUMENTS_CYPHER",
          },
          {
            "params": {
              "excerpts": [
                {
                  "codings": [
                    {
                      "at": null,
                      "code": "form.operational",
                      "coderId": "hilde",
                      "excerptId": "x-12",
                      "id": "cd-1",
                    },
                  ],
                  "documentId": "doc-M01",
                  "performer": {
                    "actor_group": null,
                    "informant": null,
                    "organisation": "nav-bodo",
                  },
                  "performerSource": "explicit",
                  "props": {
                    "documentId": "doc-M01",
                    "end": 77,
                    "id": "x-12",
                    "performerId": "nav-bodo",
                    "performerKind": "organisation",
                    "performerSource": "explicit",
                    "speakerId": "M01",
                    "speakerKind": "informant",
                    "start": 5,
                    "text": "We moved the job specialist into the treatment team, and it took time.
      ",
                  },
                  "speaker": "M01",
                },
              ],
              "studyId": "ips-norway",
            },
            "statement": "writers/write-documents.ts WRITE_EXCERPTS_CYPHER",
          },
        ],
        "ended": "threw: Study ips-norway: 1 excerpts name a missing document",
      }
    `);
  });

  it('appendAuditEntry and writeAuditEntry', async () => {
    // the entry's seq is the writer's millisecond clock
    vi.useFakeTimers({ now: new Date('2026-03-02T10:15:00.123Z'), toFake: ['Date'] });
    expect(
      await calls('appendAuditEntry', (g) =>
        appendAuditEntry(g, {
          studyId: 'ips-norway',
          entry: {
            id: 'op-7',
            at: change.at,
            coderId: 'hilde',
            action: 'create_coding',
            documentId: 'doc-M01',
            excerptId: 'x-12',
            codingId: 'cd-1',
            before: null,
            after: { code: 'form.operational' },
          },
        }),
      ),
    ).toMatchInlineSnapshot(`
      {
        "calls": [
          {
            "params": {
              "id": "op-7",
              "studyId": "ips-norway",
            },
            "statement": "workbench/audit.ts AUDIT_EXISTS_CYPHER",
          },
          {
            "params": {
              "props": {
                "action": "create_coding",
                "after": "{"code":"form.operational"}",
                "at": "2026-03-02T10:15:00Z",
                "before": null,
                "coderId": "hilde",
                "codingId": "cd-1",
                "documentId": "doc-M01",
                "excerptId": "x-12",
                "id": "op-7",
                "seq": 1772446500123,
              },
              "studyId": "ips-norway",
            },
            "statement": "workbench/audit.ts WRITE_AUDIT_CYPHER",
          },
        ],
        "ended": "returned",
      }
    `);
    // the new entry is written by writeAuditEntry (WRITE_AUDIT_CYPHER above), so this line is its
    // snapshot too: calls('writeAuditEntry')
  });

  it('recordImportRun', async () => {
    expect(
      await calls('recordImportRun', (g) =>
        recordImportRun(g, {
          studyId: 'ips-norway',
          run: {
            id: 'run-1',
            source: 'study folder ips-norway',
            contentHash: 'sha1:0f3c',
            startedAt: '2026-03-02T10:00:00Z',
            endedAt: '2026-03-02T10:00:04Z',
            status: 'completed',
            counts: { documents: 20, excerpts: 210 },
          },
        }),
      ),
    ).toMatchInlineSnapshot(`
      {
        "calls": [
          {
            "params": {
              "props": {
                "contentHash": "sha1:0f3c",
                "counts": "{"documents":20,"excerpts":210}",
                "endedAt": "2026-03-02T10:00:04Z",
                "id": "run-1",
                "source": "study folder ips-norway",
                "startedAt": "2026-03-02T10:00:00Z",
                "status": "completed",
              },
              "studyId": "ips-norway",
            },
            "statement": "writers/import-run.ts RECORD_IMPORT_RUN_CYPHER",
          },
        ],
        "ended": "returned",
      }
    `);
  });

  it('appendPhaseEvent', async () => {
    expect(
      await calls('appendPhaseEvent', (g) =>
        appendPhaseEvent(g, {
          studyId: 'ips-norway',
          organisationId: 'nav-bodo',
          modelId: 'ips_collaboration',
          expectedSeq: 0,
          event: {
            type: 'adoption_decided',
            at: '2021-03-01',
            evidence: ['x-12'],
            recordedBy: 'hilde',
            confidence: 'high',
            fidelity: null,
            note: null,
            fromState: 'pre_adoption',
            toState: 'adoption_decided',
          },
          snapshot: '{"value":"adoption_decided"}',
          state: 'adoption_decided',
        }),
      ),
    ).toMatchInlineSnapshot(`
      {
        "calls": [
          {
            "params": {
              "event": {
                "at": "2021-03-01",
                "confidence": "high",
                "evidence": [
                  "x-12",
                ],
                "fidelity": null,
                "fromState": "pre_adoption",
                "note": null,
                "recordedBy": "hilde",
                "toState": "adoption_decided",
                "type": "adoption_decided",
              },
              "expectedSeq": 0,
              "modelId": "ips_collaboration",
              "organisationId": "nav-bodo",
              "snapshot": "{"value":"adoption_decided"}",
              "state": "adoption_decided",
              "studyId": "ips-norway",
            },
            "statement": "phases/phase-store.ts CURRENT_SEQ_CYPHER",
          },
        ],
        "ended": "threw: No organisation nav-bodo in study ips-norway",
      }
    `);
  });

  it('upsertCoding', async () => {
    expect(
      await calls('upsertCoding', (g) =>
        upsertCoding(g, {
          studyId: 'ips-norway',
          documentId: 'doc-M01',
          start: 24,
          end: 96,
          code: 'form.operational',
          change,
        }),
      ),
    ).toMatchInlineSnapshot(`
      {
        "calls": [
          {
            "params": {
              "id": "op-7",
              "studyId": "ips-norway",
            },
            "statement": "workbench/audit.ts AUDIT_EXISTS_CYPHER",
          },
          {
            "params": {
              "code": "form.operational",
              "studyId": "ips-norway",
            },
            "statement": "workbench/upsert-coding.ts CODE_CHECK_CYPHER",
          },
        ],
        "ended": "threw: Study ips-norway has no code form.operational",
      }
    `);
  });

  it('deleteCoding', async () => {
    expect(
      await calls('deleteCoding', (g) =>
        deleteCoding(g, { studyId: 'ips-norway', codingId: 'cd-1', change }),
      ),
    ).toMatchInlineSnapshot(`
      {
        "calls": [
          {
            "params": {
              "id": "op-7",
              "studyId": "ips-norway",
            },
            "statement": "workbench/audit.ts AUDIT_EXISTS_CYPHER",
          },
          {
            "params": {
              "codingId": "cd-1",
              "studyId": "ips-norway",
            },
            "statement": "workbench/delete-coding.ts READ_CODING_CYPHER",
          },
        ],
        "ended": "returned",
      }
    `);
  });

  it('deleteDocument', async () => {
    expect(
      await calls('deleteDocument', (g) =>
        deleteDocument(g, {
          studyId: 'ips-norway',
          documentId: 'doc-M01',
          codes: () => [],
          change,
        }),
      ),
    ).toMatchInlineSnapshot(`
      {
        "calls": [
          {
            "params": {
              "id": "op-7",
              "studyId": "ips-norway",
            },
            "statement": "workbench/audit.ts AUDIT_EXISTS_CYPHER",
          },
          {
            "params": {
              "documentId": "doc-M01",
              "studyId": "ips-norway",
            },
            "statement": "workbench/document-edits.ts DOCUMENT_SUMMARY_CYPHER",
          },
        ],
        "ended": "threw: Study ips-norway has no document doc-M01",
      }
    `);
  });

  it('deleteStudy', async () => {
    expect(
      await calls('deleteStudy', (g) => deleteStudy(g, { studyId: 'ips-norway', batchSize: 40 })),
    ).toMatchInlineSnapshot(`
      {
        "calls": [
          {
            "params": {
              "batch": 40,
              "studyId": "ips-norway",
            },
            "statement": "MATCH (n:\`Excerpt\` {studyId: $studyId})-[r]-()
      WITH DISTINCT r LIMIT toInteger($batch)
      DELETE r
      RETURN count(r) AS deleted",
          },
          {
            "params": {
              "batch": 40,
              "studyId": "ips-norway",
            },
            "statement": "MATCH (n:\`Excerpt\` {studyId: $studyId})
      WITH n LIMIT toInteger($batch)
      DETACH DELETE n
      RETURN count(n) AS deleted",
          },
          {
            "params": {
              "batch": 40,
              "studyId": "ips-norway",
            },
            "statement": "MATCH (n:\`Code\` {studyId: $studyId})-[r]-()
      WITH DISTINCT r LIMIT toInteger($batch)
      DELETE r
      RETURN count(r) AS deleted",
          },
          {
            "params": {
              "batch": 40,
              "studyId": "ips-norway",
            },
            "statement": "MATCH (n:\`Code\` {studyId: $studyId})
      WITH n LIMIT toInteger($batch)
      DETACH DELETE n
      RETURN count(n) AS deleted",
          },
          {
            "params": {
              "batch": 40,
              "studyId": "ips-norway",
            },
            "statement": "MATCH (n:\`Informant\` {studyId: $studyId})-[r]-()
      WITH DISTINCT r LIMIT toInteger($batch)
      DELETE r
      RETURN count(r) AS deleted",
          },
          {
            "params": {
              "batch": 40,
              "studyId": "ips-norway",
            },
            "statement": "MATCH (n:\`Informant\` {studyId: $studyId})
      WITH n LIMIT toInteger($batch)
      DETACH DELETE n
      RETURN count(n) AS deleted",
          },
          {
            "params": {
              "batch": 40,
              "studyId": "ips-norway",
            },
            "statement": "MATCH (n:\`Position\` {studyId: $studyId})-[r]-()
      WITH DISTINCT r LIMIT toInteger($batch)
      DELETE r
      RETURN count(r) AS deleted",
          },
          {
            "params": {
              "batch": 40,
              "studyId": "ips-norway",
            },
            "statement": "MATCH (n:\`Position\` {studyId: $studyId})
      WITH n LIMIT toInteger($batch)
      DETACH DELETE n
      RETURN count(n) AS deleted",
          },
          {
            "params": {
              "batch": 40,
              "studyId": "ips-norway",
            },
            "statement": "MATCH (n:\`Organisation\` {studyId: $studyId})-[r]-()
      WITH DISTINCT r LIMIT toInteger($batch)
      DELETE r
      RETURN count(r) AS deleted",
          },
          {
            "params": {
              "batch": 40,
              "studyId": "ips-norway",
            },
            "statement": "MATCH (n:\`Organisation\` {studyId: $studyId})
      WITH n LIMIT toInteger($batch)
      DETACH DELETE n
      RETURN count(n) AS deleted",
          },
          {
            "params": {
              "batch": 40,
              "studyId": "ips-norway",
            },
            "statement": "MATCH (n:\`ActorGroup\` {studyId: $studyId})-[r]-()
      WITH DISTINCT r LIMIT toInteger($batch)
      DELETE r
      RETURN count(r) AS deleted",
          },
          {
            "params": {
              "batch": 40,
              "studyId": "ips-norway",
            },
            "statement": "MATCH (n:\`ActorGroup\` {studyId: $studyId})
      WITH n LIMIT toInteger($batch)
      DETACH DELETE n
      RETURN count(n) AS deleted",
          },
          {
            "params": {
              "batch": 40,
              "studyId": "ips-norway",
            },
            "statement": "MATCH (n:\`Document\` {studyId: $studyId})-[r]-()
      WITH DISTINCT r LIMIT toInteger($batch)
      DELETE r
      RETURN count(r) AS deleted",
          },
          {
            "params": {
              "batch": 40,
              "studyId": "ips-norway",
            },
            "statement": "MATCH (n:\`Document\` {studyId: $studyId})
      WITH n LIMIT toInteger($batch)
      DETACH DELETE n
      RETURN count(n) AS deleted",
          },
          {
            "params": {
              "batch": 40,
              "studyId": "ips-norway",
            },
            "statement": "MATCH (n:\`Memo\` {studyId: $studyId})-[r]-()
      WITH DISTINCT r LIMIT toInteger($batch)
      DELETE r
      RETURN count(r) AS deleted",
          },
          {
            "params": {
              "batch": 40,
              "studyId": "ips-norway",
            },
            "statement": "MATCH (n:\`Memo\` {studyId: $studyId})
      WITH n LIMIT toInteger($batch)
      DETACH DELETE n
      RETURN count(n) AS deleted",
          },
          {
            "params": {
              "batch": 40,
              "studyId": "ips-norway",
            },
            "statement": "MATCH (n:\`PhaseEvent\` {studyId: $studyId})-[r]-()
      WITH DISTINCT r LIMIT toInteger($batch)
      DELETE r
      RETURN count(r) AS deleted",
          },
          {
            "params": {
              "batch": 40,
              "studyId": "ips-norway",
            },
            "statement": "MATCH (n:\`PhaseEvent\` {studyId: $studyId})
      WITH n LIMIT toInteger($batch)
      DETACH DELETE n
      RETURN count(n) AS deleted",
          },
          {
            "params": {
              "batch": 40,
              "studyId": "ips-norway",
            },
            "statement": "MATCH (n:\`PhaseSnapshot\` {studyId: $studyId})-[r]-()
      WITH DISTINCT r LIMIT toInteger($batch)
      DELETE r
      RETURN count(r) AS deleted",
          },
          {
            "params": {
              "batch": 40,
              "studyId": "ips-norway",
            },
            "statement": "MATCH (n:\`PhaseSnapshot\` {studyId: $studyId})
      WITH n LIMIT toInteger($batch)
      DETACH DELETE n
      RETURN count(n) AS deleted",
          },
          {
            "params": {
              "batch": 40,
              "studyId": "ips-norway",
            },
            "statement": "MATCH (n:\`ImportRun\` {studyId: $studyId})-[r]-()
      WITH DISTINCT r LIMIT toInteger($batch)
      DELETE r
      RETURN count(r) AS deleted",
          },
          {
            "params": {
              "batch": 40,
              "studyId": "ips-norway",
            },
            "statement": "MATCH (n:\`ImportRun\` {studyId: $studyId})
      WITH n LIMIT toInteger($batch)
      DETACH DELETE n
      RETURN count(n) AS deleted",
          },
          {
            "params": {
              "batch": 40,
              "studyId": "ips-norway",
            },
            "statement": "MATCH (n:\`AuditEntry\` {studyId: $studyId})-[r]-()
      WITH DISTINCT r LIMIT toInteger($batch)
      DELETE r
      RETURN count(r) AS deleted",
          },
          {
            "params": {
              "batch": 40,
              "studyId": "ips-norway",
            },
            "statement": "MATCH (n:\`AuditEntry\` {studyId: $studyId})
      WITH n LIMIT toInteger($batch)
      DETACH DELETE n
      RETURN count(n) AS deleted",
          },
          {
            "params": {
              "batch": 40,
              "studyId": "ips-norway",
            },
            "statement": "writers/delete-study.ts DELETE_STUDY_NODE_CYPHER",
          },
        ],
        "ended": "returned",
      }
    `);
  });

  it('setPerformer', async () => {
    expect(
      await calls('setPerformer', (g) =>
        setPerformer(g, {
          studyId: 'ips-norway',
          excerptId: 'x-12',
          performer: { kind: 'organisation', id: 'nav-bodo' },
          change,
        }),
      ),
    ).toMatchInlineSnapshot(`
      {
        "calls": [
          {
            "params": {
              "excerptId": "x-12",
              "studyId": "ips-norway",
            },
            "statement": "workbench/excerpt-notes.ts READ_EXCERPT_CYPHER",
          },
        ],
        "ended": "threw: Study ips-norway has no excerpt x-12",
      }
    `);
  });

  it('setExcerptMemo', async () => {
    expect(
      await calls('setExcerptMemo', (g) =>
        setExcerptMemo(g, {
          studyId: 'ips-norway',
          excerptId: 'x-12',
          text: 'The manager describes the move as her own initiative.',
          change,
        }),
      ),
    ).toMatchInlineSnapshot(`
      {
        "calls": [
          {
            "params": {
              "excerptId": "x-12",
              "studyId": "ips-norway",
            },
            "statement": "workbench/excerpt-notes.ts READ_EXCERPT_CYPHER",
          },
        ],
        "ended": "threw: Study ips-norway has no excerpt x-12",
      }
    `);
  });
});

describe('every exported writer has a call snapshot', () => {
  it('lists each exported write function of writers/, phases/ and workbench/ in a calls() line', () => {
    const self = readFileSync(fileURLToPath(import.meta.url), 'utf8');
    const covered = new Set([...self.matchAll(/calls\(\s*'(\w+)'/g)].map((m) => m[1]));
    const writers = Object.entries(MODULES)
      .filter(([path]) => /^\.\/(writers|phases|workbench)\//.test(path))
      .flatMap(([, mod]) => Object.entries(mod))
      .filter(
        ([name, v]) =>
          typeof v === 'function' && /^(write|record|append|upsert|delete|set)[A-Z]/.test(name),
      )
      .map(([name]) => name)
      .filter((name) => !name.endsWith('Tx') && !name.endsWith('Cypher'));
    expect(writers.length).toBeGreaterThan(6);
    expect([...new Set(writers)].filter((w) => !covered.has(w)).sort()).toEqual([]);
  });
});
