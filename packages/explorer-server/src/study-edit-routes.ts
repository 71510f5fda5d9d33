import { Hono } from 'hono';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import {
  ActorRequest,
  CodebookEditRequest,
  DeleteDocumentResult,
  DocumentSummaryResponse,
  PlainChangeRequest,
  RelationRequest,
  RenameDocumentRequest,
  ReplaceDocumentRequest,
  ReplaceDocumentResult,
  StudyEditResult,
  StudySetupResponse,
} from './study-edit-types.ts';
import { PerformerActor } from './api-types.ts';
import { ExplorerError } from './explorer-error.ts';
import { parseBody, parseId } from './query-params.ts';
import { notFound, query } from './typed-routes.ts';
import type { Ok } from './typed-routes.ts';

/**
 * The study built in the browser (issue 18): its codebook, actors, relations and documents.
 * `GraphWorkbench` implements it over `@iwa/services`; every write is one audited change.
 */
export interface StudyEditor {
  /** The study's own codes, positions, actors and relations; null when the study is unknown. */
  setup(studyId: string): Promise<StudySetupResponse | null>;
  editCodebook(studyId: string, req: CodebookEditRequest): Promise<StudyEditResult>;
  saveActor(studyId: string, req: ActorRequest): Promise<StudyEditResult>;
  /** Refused (`conflict`) while excerpts, documents, relations or phase events name the actor. */
  deleteActor(
    studyId: string,
    actor: PerformerActor,
    req: PlainChangeRequest,
  ): Promise<StudyEditResult>;
  addRelation(studyId: string, req: RelationRequest): Promise<StudyEditResult>;
  removeRelation(
    studyId: string,
    relationId: string,
    req: PlainChangeRequest,
  ): Promise<StudyEditResult>;
  documentSummary(studyId: string, documentId: string): Promise<DocumentSummaryResponse | null>;
  renameDocument(
    studyId: string,
    documentId: string,
    req: RenameDocumentRequest,
  ): Promise<StudyEditResult>;
  replaceDocument(
    studyId: string,
    documentId: string,
    req: z.output<typeof ReplaceDocumentRequest>,
  ): Promise<ReplaceDocumentResult>;
  deleteDocument(
    studyId: string,
    documentId: string,
    req: PlainChangeRequest,
  ): Promise<DeleteDocumentResult>;
}

/** Whether a workbench can also edit studies (the graph's can; test fixtures may not). */
export function isStudyEditor(wb: unknown): wb is StudyEditor {
  return typeof (wb as Partial<StudyEditor> | null)?.editCodebook === 'function';
}

type Send = <S extends z.ZodType>(c: Context, schema: S, body: z.output<S> | null) => Response;

const PlainQuery = z.strictObject({});
const MAX_BODY = 1024 * 1024;
const MAX_DOCUMENT_BODY = 40 * 1024 * 1024;

async function jsonBody(c: Context): Promise<unknown> {
  if (!(c.req.header('Content-Type') ?? '').startsWith('application/json')) {
    throw new ExplorerError('invalid_request', 'body: send JSON (Content-Type: application/json)');
  }
  try {
    return (await c.req.json()) as unknown;
  } catch {
    throw new ExplorerError('invalid_request', 'body: not valid JSON');
  }
}

/**
 * The reads of {@link StudyEditor} (a study's setup, a document's summary), chained so that the
 * explorer's type carries them (`ExplorerApi`).
 */
export function studyEditReads(editor: StudyEditor, ok: Ok) {
  const study = (c: Context) => parseId('id', c.req.param('id'));
  return new Hono()
    .get('/studies/:id/setup', query(PlainQuery), async (c) => {
      const res = await editor.setup(study(c));
      return res === null ? notFound(c) : ok(c, StudySetupResponse, res);
    })
    .get('/studies/:id/documents/:docId/summary', query(PlainQuery), async (c) => {
      const docId = parseId('docId', c.req.param('docId'));
      const res = await editor.documentSummary(study(c), docId);
      return res === null ? notFound(c) : ok(c, DocumentSummaryResponse, res);
    });
}

/** The writes of {@link StudyEditor}: their own block, beside the coding workbench's. */
export function addStudyEditRoutes(api: Hono, editor: StudyEditor, send: Send): void {
  const limit = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: (c) =>
        c.json(
          {
            error: {
              code: 'payload_too_large',
              message: `the request body is over ${maxSize / 1024 / 1024} MB`,
            },
          },
          413,
        ),
    });
  const study = (c: Context) => parseId('id', c.req.param('id'));

  api.post('/studies/:id/codebook', limit(MAX_BODY), async (c) => {
    const req = parseBody(await jsonBody(c), CodebookEditRequest);
    return send(c, StudyEditResult, await editor.editCodebook(study(c), req));
  });

  api.post('/studies/:id/actors', limit(MAX_BODY), async (c) => {
    const req = parseBody(await jsonBody(c), ActorRequest);
    return send(c, StudyEditResult, await editor.saveActor(study(c), req));
  });

  api.delete('/studies/:id/actors/:kind/:actorId', limit(MAX_BODY), async (c) => {
    const actor = parseBody(
      { kind: c.req.param('kind'), id: c.req.param('actorId') },
      PerformerActor,
    );
    const req = parseBody(await jsonBody(c), PlainChangeRequest);
    return send(c, StudyEditResult, await editor.deleteActor(study(c), actor, req));
  });

  api.post('/studies/:id/relations', limit(MAX_BODY), async (c) => {
    const req = parseBody(await jsonBody(c), RelationRequest);
    return send(c, StudyEditResult, await editor.addRelation(study(c), req));
  });

  api.delete('/studies/:id/relations/:relationId', limit(MAX_BODY), async (c) => {
    const relationId = parseId('relationId', c.req.param('relationId'));
    const req = parseBody(await jsonBody(c), PlainChangeRequest);
    return send(c, StudyEditResult, await editor.removeRelation(study(c), relationId, req));
  });

  api.put('/studies/:id/documents/:docId', limit(MAX_BODY), async (c) => {
    const docId = parseId('docId', c.req.param('docId'));
    const req = parseBody(await jsonBody(c), RenameDocumentRequest);
    return send(c, StudyEditResult, await editor.renameDocument(study(c), docId, req));
  });

  api.put('/studies/:id/documents/:docId/file', limit(MAX_DOCUMENT_BODY), async (c) => {
    const docId = parseId('docId', c.req.param('docId'));
    const req = parseBody(await jsonBody(c), ReplaceDocumentRequest);
    return send(c, ReplaceDocumentResult, await editor.replaceDocument(study(c), docId, req));
  });

  api.delete('/studies/:id/documents/:docId', limit(MAX_BODY), async (c) => {
    const docId = parseId('docId', c.req.param('docId'));
    const req = parseBody(await jsonBody(c), PlainChangeRequest);
    return send(c, DeleteDocumentResult, await editor.deleteDocument(study(c), docId, req));
  });
}
