import { createGraph, deleteStudy, readStudy, type Graph } from '@iwa/graph';
import { testGraphConfig, uniqueStudyId } from '@iwa/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExplorerApp } from '../src/create-explorer-app.ts';
import { GraphExplorerData } from '../src/graph-explorer-data.ts';

/*
 * The routes of the study built in the browser, on this run's Neo4j: a study created from
 * nothing gets a codebook, actors, a relation from a passage, and its document renamed, replaced
 * and deleted, each change answered and audited; a read-only server offers none of it.
 */

const TOKEN = 'route-test-write-token';
let graph: Graph;
let app: ReturnType<typeof createExplorerApp>;
let readOnly: ReturnType<typeof createExplorerApp>;
const studyId = uniqueStudyId('edit-routes');
const actorsStudyId = uniqueStudyId('delete-actors');

const TRANSCRIPT =
  'Interviewer: Who kept the specialist out?\nM01: The senior psychiatrists kept the specialist out of the ward meetings.\nM01: So we asked the Nav office to write to the clinic director.\n';

let op = 0;
const opId = () => `op-routes-${process.pid}-${op++}`;

async function call(
  target: ReturnType<typeof createExplorerApp>,
  method: string,
  path: string,
  body?: unknown,
  token: string | null = TOKEN,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await target.request(path, {
    method,
    headers: {
      Host: '127.0.0.1',
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(token === null ? {} : { Authorization: `Bearer ${token}` }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const write = (method: string, path: string, body: Record<string, unknown>) =>
  call(app, method, path, { opId: opId(), coderId: 'hilde', ...body });

function span(text: string, quote: string): { start: number; end: number } {
  const start = [...text.slice(0, text.indexOf(quote))].length;
  return { start, end: start + [...quote].length };
}

beforeAll(() => {
  graph = createGraph(testGraphConfig(), { appName: 'iwa-explorer-edit-routes-test' });
  const data = new GraphExplorerData(graph);
  app = createExplorerApp({ data, writeToken: TOKEN, checkResponses: true, uiDir: '/nonexistent' });
  readOnly = createExplorerApp({ data, checkResponses: true, uiDir: '/nonexistent' });
});

afterAll(async () => {
  await deleteStudy(graph, { studyId: actorsStudyId });
  await graph.close();
});

describe('the study built in the browser, through the API', () => {
  it('says whether it accepts changes, and checks a token without changing anything', async () => {
    expect((await call(app, 'GET', '/api/health')).body).toMatchObject({ writable: true });
    expect((await call(readOnly, 'GET', '/api/health')).body).toMatchObject({ writable: false });
    expect((await call(app, 'POST', '/api/token', {})).status).toBe(200);
    expect((await call(app, 'POST', '/api/token', {}, 'wrong-token')).status).toBe(403);
    expect((await call(app, 'POST', '/api/token', {}, null)).status).toBe(401);
    expect((await call(readOnly, 'POST', '/api/token', {})).status).toBe(403);
  });

  it('builds a study: codes, actors, a relation, a document renamed, replaced and deleted', async () => {
    const base = `/api/studies/${studyId}`;
    const created = await write('POST', '/api/studies', {
      id: studyId,
      name: 'Routes study',
      informants: [{ id: 'M01', role: 'manager', sector: 'health' }],
    });
    expect(created.status).toBe(201);
    const doc = await write('POST', `${base}/documents`, {
      fileName: 'interview-1.txt',
      contentBase64: Buffer.from(TRANSCRIPT).toString('base64'),
    });
    expect(doc.status).toBe(201);

    const theme = await write('POST', `${base}/codebook`, {
      edit: { op: 'create', family: 'theme', label: 'Gatekeeping' },
    });
    expect(theme).toMatchObject({
      status: 200,
      body: { outcome: 'changed', after: { key: 'theme.gatekeeping' } },
    });
    const child = await write('POST', `${base}/codebook`, {
      edit: {
        op: 'create',
        family: 'theme',
        label: 'Kept out of meetings',
        parent: 'theme.gatekeeping',
      },
    });
    expect(child.body).toMatchObject({
      after: { key: 'theme.kept_out_of_meetings', parent: 'theme.gatekeeping' },
    });
    const framework = await write('POST', `${base}/codebook`, {
      edit: { op: 'retire', key: 'form.relational' },
    });
    expect(framework.status).toBe(400);
    expect((framework.body.error as { message: string }).message).toMatch(
      /framework codes are fixed/,
    );

    expect(
      (
        await write('POST', `${base}/actors`, {
          actor: {
            kind: 'organisation',
            id: 'nav-north',
            name: 'Nav North',
            organisationKind: 'nav_local',
            sector: 'nav',
          },
        })
      ).body,
    ).toMatchObject({ outcome: 'changed' });
    expect(
      (
        await write('POST', `${base}/actors`, {
          actor: {
            kind: 'actor_group',
            id: 'senior-psychiatrists',
            label: 'Senior psychiatrists',
            groupKind: 'group',
          },
        })
      ).body,
    ).toMatchObject({ outcome: 'changed' });
    const bad = await write('POST', `${base}/actors`, {
      actor: { kind: 'informant', id: 'M02', role: 'Head Nurse' },
    });
    expect(bad.status).toBe(400);
    expect((bad.body.error as { message: string }).message).toMatch(/^actor\.role: /);

    const s = span(
      TRANSCRIPT,
      'The senior psychiatrists kept the specialist out of the ward meetings.',
    );
    const coded = await write('POST', `${base}/codings`, {
      documentId: 'interview-1',
      ...s,
      code: 'theme.kept_out_of_meetings',
    });
    expect(coded.status).toBe(201);
    const excerptId = (coded.body.coding as { excerptId: string }).excerptId;
    const performer = await write('PUT', `${base}/excerpts/${excerptId}/performer`, {
      performer: { kind: 'actor_group', id: 'senior-psychiatrists' },
    });
    expect(performer.body).toMatchObject({ outcome: 'changed', performerSource: 'explicit' });
    const rel = await write('POST', `${base}/relations`, {
      type: 'enlists',
      from: { kind: 'informant', id: 'M01' },
      to: { kind: 'organisation', id: 'nav-north' },
      evidence: [excerptId],
    });
    expect(rel.body).toMatchObject({
      outcome: 'changed',
      after: { type: 'enlists', evidence: [excerptId] },
    });

    const setup = (await call(app, 'GET', `${base}/setup`)).body;
    expect(setup).toMatchObject({
      codes: [
        { key: 'theme.gatekeeping', label: 'Gatekeeping' },
        { key: 'theme.kept_out_of_meetings', parent: 'theme.gatekeeping' },
      ],
      organisations: [{ id: 'nav-north', name: 'Nav North' }],
      actorGroups: [{ id: 'senior-psychiatrists' }],
      relations: [{ type: 'enlists', from: { id: 'M01' }, to: { id: 'nav-north' } }],
    });
    // the actor graph of the analyses shows the new actors and the relation
    const actors = (await call(app, 'GET', `${base}/actors`)).body as { nodes: { id: string }[] };
    expect(actors.nodes.map((n) => n.id)).toEqual(
      expect.arrayContaining(['nav-north', 'senior-psychiatrists']),
    );

    // rename; the summary says what a replace or delete would remove
    expect(
      (
        await write('PUT', `${base}/documents/interview-1`, {
          title: 'Unit leader, first interview',
        })
      ).body,
    ).toMatchObject({ outcome: 'changed' });
    expect((await call(app, 'GET', `${base}/documents`)).body).toEqual([
      { id: 'interview-1', title: 'Unit leader, first interview', excerpts: 1 },
    ]);
    expect((await call(app, 'GET', `${base}/documents/interview-1/summary`)).body).toEqual({
      id: 'interview-1',
      title: 'Unit leader, first interview',
      excerpts: 1,
      memos: 0,
      codings: [{ coderId: 'hilde', codings: 1 }],
    });
    // adding a file with the same name points to Replace, not to an id field that is not there
    const again = await write('POST', `${base}/documents`, {
      fileName: 'interview-1.txt',
      contentBase64: Buffer.from(TRANSCRIPT).toString('base64'),
    });
    expect(again.status).toBe(409);
    expect((again.body.error as { message: string }).message).toMatch(/use Replace/);

    const newer = TRANSCRIPT.replace('ward meetings', 'weekly ward meetings');
    const replaceBody = {
      fileName: 'interview-1.txt',
      contentBase64: Buffer.from(newer).toString('base64'),
    };
    const refused = await write('PUT', `${base}/documents/interview-1/file`, replaceBody);
    expect(refused.status).toBe(409);
    expect((refused.body.error as { message: string }).message).toMatch(
      /removes its 1 coding by hilde/,
    );
    const replaced = await write('PUT', `${base}/documents/interview-1/file`, {
      ...replaceBody,
      discardCodings: true,
    });
    expect(replaced.body).toMatchObject({
      outcome: 'changed',
      removed: [{ coderId: 'hilde', codings: 1 }],
    });
    const study = await readStudy(graph, { studyId });
    expect(study.documents.map((d) => [d.id, d.title])).toEqual([
      ['interview-1', 'Unit leader, first interview'],
    ]);
    expect(study.documents[0]?.text).toContain('weekly ward meetings');
    // the relation stays, its evidence (a passage of the old text) gone with the old text
    expect(study.relations.find((r) => r.type === 'enlists')?.evidence).toEqual([]);

    expect((await write('DELETE', `${base}/documents/interview-1`, {})).body).toMatchObject({
      outcome: 'deleted',
    });
    expect((await call(app, 'GET', `${base}/documents`)).body).toEqual([]);

    const audit = (await call(app, 'GET', `${base}/audit`)).body as {
      entries: { action: string }[];
    };
    expect(audit.entries.map((e) => e.action)).toEqual([
      'create_study',
      'add_document',
      'create_code',
      'create_code',
      'save_actor',
      'save_actor',
      'create_coding',
      'set_performer',
      'add_relation',
      'rename_document',
      'replace_document',
      'delete_document',
    ]);
  });

  it('is read-only without a token: every edit route answers 403 and changes nothing', async () => {
    const base = `/api/studies/${studyId}`;
    const before = (await call(readOnly, 'GET', `${base}/audit`)).body as { total: number };
    for (const [method, path, body] of [
      ['POST', `${base}/codebook`, { edit: { op: 'create', family: 'flag', label: 'Later' } }],
      [
        'POST',
        `${base}/actors`,
        { actor: { kind: 'organisation', id: 'x1', name: 'X', organisationKind: 'nav_local' } },
      ],
      ['PUT', `${base}/documents/interview-1`, { title: 'X' }],
      ['DELETE', `${base}/actors/organisation/nav-north`, {}],
    ] as const) {
      const res = await call(
        readOnly,
        method,
        path,
        { opId: opId(), coderId: 'hilde', ...body },
        null,
      );
      expect(res.status).toBe(403);
    }
    expect(((await call(readOnly, 'GET', `${base}/audit`)).body as { total: number }).total).toBe(
      before.total,
    );
  });

  it('deletes an actor nothing names any more, and refuses, saying what is in the way, while something does', async () => {
    const base = `/api/studies/${actorsStudyId}`;
    const message = (r: { body: Record<string, unknown> }) =>
      (r.body.error as { message: string }).message;
    expect(
      (
        await write('POST', '/api/studies', {
          id: actorsStudyId,
          name: 'Actors study',
          informants: [
            { id: 'M01', role: 'manager', sector: 'health', pseudonym: 'Unit leader' },
            { id: 'A01', role: 'advisor', sector: 'nav' },
          ],
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await write('POST', `${base}/documents`, {
          fileName: 'interview-1.txt',
          contentBase64: Buffer.from(TRANSCRIPT).toString('base64'),
        })
      ).status,
    ).toBe(201);
    for (const actor of [
      {
        kind: 'organisation',
        id: 'nav-north',
        name: 'Nav North',
        organisationKind: 'nav_local',
        sector: 'nav',
      },
      {
        kind: 'actor_group',
        id: 'senior-psychiatrists',
        label: 'Senior psychiatrists',
        groupKind: 'group',
      },
    ]) {
      expect((await write('POST', `${base}/actors`, { actor })).status).toBe(200);
    }
    const coded = await write('POST', `${base}/codings`, {
      documentId: 'interview-1',
      ...span(TRANSCRIPT, 'The senior psychiatrists kept the specialist out of the ward meetings.'),
      code: 'form.relational',
    });
    const excerptId = (coded.body.coding as { excerptId: string }).excerptId;
    await write('PUT', `${base}/excerpts/${excerptId}/performer`, {
      performer: { kind: 'actor_group', id: 'senior-psychiatrists' },
    });
    const rel = await write('POST', `${base}/relations`, {
      type: 'enlists',
      from: { kind: 'informant', id: 'M01' },
      to: { kind: 'organisation', id: 'nav-north' },
      evidence: [excerptId],
    });
    const relationId = (rel.body.after as { id: string }).id;
    const auditTotal = async () =>
      ((await call(app, 'GET', `${base}/audit`)).body as { total: number }).total;
    const before = await auditTotal();

    // refused while the coded material or the study names them; nothing changes
    const group = await write('DELETE', `${base}/actors/actor_group/senior-psychiatrists`, {});
    expect(group.status).toBe(409);
    expect(message(group)).toMatch(
      /^Senior psychiatrists \(senior-psychiatrists\) is still in the coded material: it performs the work of 1 excerpt/,
    );
    const org = await write('DELETE', `${base}/actors/organisation/nav-north`, {});
    expect(org.status).toBe(409);
    expect(message(org)).toMatch(
      /^Nav North \(nav-north\) cannot be deleted while the relation Unit leader \(M01\) enlists Nav North \(nav-north\) names it/,
    );
    const informant = await write('DELETE', `${base}/actors/informant/M01`, {});
    expect(informant.status).toBe(409);
    expect(message(informant)).toMatch(/the relation Unit leader \(M01\) enlists/);
    expect(await auditTotal()).toBe(before);
    const kept = await readStudy(graph, { studyId: actorsStudyId });
    expect(kept.actorGroups.map((g) => g.id)).toEqual(['senior-psychiatrists']);
    expect(kept.organisations.map((o) => o.id)).toEqual(['nav-north']);
    expect(kept.excerpts[0]?.performer).toEqual({
      kind: 'actor_group',
      id: 'senior-psychiatrists',
    });

    // once the researcher has moved the work back to the speaker and removed the relation
    await write('PUT', `${base}/excerpts/${excerptId}/performer`, { performer: null });
    await write('DELETE', `${base}/relations/${relationId}`, {});
    for (const [kind, id] of [
      ['actor_group', 'senior-psychiatrists'],
      ['organisation', 'nav-north'],
      ['informant', 'A01'],
    ]) {
      expect((await write('DELETE', `${base}/actors/${kind}/${id}`, {})).body).toMatchObject({
        outcome: 'changed',
      });
    }
    // M01 speaks in the document: deleting the informant would leave its turns without a speaker
    const speaker = await write('DELETE', `${base}/actors/informant/M01`, {});
    expect(speaker.status).toBe(409);
    expect(message(speaker)).toMatch(/takes part in interview-1/);
    expect((await write('DELETE', `${base}/actors/organisation/nav-north`, {})).status).toBe(404);
    expect((await write('DELETE', `${base}/actors/person/M01`, {})).status).toBe(400);

    const after = await readStudy(graph, { studyId: actorsStudyId });
    expect(after.actorGroups).toEqual([]);
    expect(after.organisations).toEqual([]);
    expect(after.informants.map((i) => i.id)).toEqual(['M01']);
    const actors = (await call(app, 'GET', `${base}/actors`)).body as { nodes: { id: string }[] };
    expect(actors.nodes.map((n) => n.id)).not.toContain('senior-psychiatrists');
    const audit = (await call(app, 'GET', `${base}/audit`)).body as {
      entries: { action: string; before: unknown }[];
    };
    const deletions = audit.entries.filter((e) => e.action === 'delete_actor');
    expect(deletions.map((e) => e.before)).toMatchObject([
      { actorKind: 'actor_group', id: 'senior-psychiatrists', label: 'Senior psychiatrists' },
      { actorKind: 'organisation', id: 'nav-north', name: 'Nav North' },
      { actorKind: 'informant', id: 'A01' },
    ]);
  });
});
