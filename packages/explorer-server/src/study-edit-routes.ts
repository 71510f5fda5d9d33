import { Hono } from 'hono';
import type { Context } from 'hono';
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
import { parseBody, parseId } from './query-params.ts';
import { MAX_BODY, MAX_DOCUMENT_BODY, json, limit, notFound, query } from './typed-routes.ts';
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

const PlainQuery = z.strictObject({});

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

/**
 * The writes of {@link StudyEditor}, beside the coding workbench's, chained so that the
 * explorer's type carries each write's JSON body and answer (every answer a 200).
 */
export function studyEditWrites(editor: StudyEditor, ok: Ok) {
  const study = (c: Context) => parseId('id', c.req.param('id'));
  return new Hono()
    .post('/studies/:id/codebook', limit(MAX_BODY), json(CodebookEditRequest), async (c) =>
      ok(c, StudyEditResult, await editor.editCodebook(study(c), c.req.valid('json'))),
    )
    .post('/studies/:id/actors', limit(MAX_BODY), json(ActorRequest), async (c) =>
      ok(c, StudyEditResult, await editor.saveActor(study(c), c.req.valid('json'))),
    )
    .delete(
      '/studies/:id/actors/:kind/:actorId',
      limit(MAX_BODY),
      json(PlainChangeRequest, (c) => {
        study(c);
        actorOf(c);
      }),
      async (c) => {
        const res = await editor.deleteActor(study(c), actorOf(c), c.req.valid('json'));
        return ok(c, StudyEditResult, res);
      },
    )
    .post('/studies/:id/relations', limit(MAX_BODY), json(RelationRequest), async (c) =>
      ok(c, StudyEditResult, await editor.addRelation(study(c), c.req.valid('json'))),
    )
    .delete(
      '/studies/:id/relations/:relationId',
      limit(MAX_BODY),
      json(PlainChangeRequest),
      async (c) => {
        const relationId = parseId('relationId', c.req.param('relationId'));
        const res = await editor.removeRelation(study(c), relationId, c.req.valid('json'));
        return ok(c, StudyEditResult, res);
      },
    )
    .put(
      '/studies/:id/documents/:docId',
      limit(MAX_BODY),
      json(RenameDocumentRequest),
      async (c) => {
        const docId = parseId('docId', c.req.param('docId'));
        const res = await editor.renameDocument(study(c), docId, c.req.valid('json'));
        return ok(c, StudyEditResult, res);
      },
    )
    .put(
      '/studies/:id/documents/:docId/file',
      limit(MAX_DOCUMENT_BODY),
      json(ReplaceDocumentRequest),
      async (c) => {
        const docId = parseId('docId', c.req.param('docId'));
        const res = await editor.replaceDocument(study(c), docId, c.req.valid('json'));
        return ok(c, ReplaceDocumentResult, res);
      },
    )
    .delete(
      '/studies/:id/documents/:docId',
      limit(MAX_BODY),
      json(PlainChangeRequest),
      async (c) => {
        const docId = parseId('docId', c.req.param('docId'));
        const res = await editor.deleteDocument(study(c), docId, c.req.valid('json'));
        return ok(c, DeleteDocumentResult, res);
      },
    );
}

/** The actor a path names (`…/actors/:kind/:actorId`): its kind one of the performer kinds. */
function actorOf(c: Context): PerformerActor {
  return parseBody({ kind: c.req.param('kind'), id: c.req.param('actorId') }, PerformerActor);
}
