/* eslint-disable @typescript-eslint/require-await -- an in-memory fake of an async interface */
import { codingId, excerptId, sliceByCodePoints } from '@iwa/study';
import type {
  AddDocumentRequest,
  AddDocumentResult,
  AuditEntryItem,
  AuditResponse,
  CodingResult,
  CreateCodingRequest,
  CreateStudyRequest,
  CreateStudyResult,
  DeleteCodingRequest,
  DocumentCodingsResponse,
  DocumentsResponse,
  MemoRequest,
  MemoResult,
  PerformerRequest,
  PerformerResult,
  UpdateCodingRequest,
  WorkbenchCoding,
} from '../src/api-types.ts';
import { ExplorerError } from '../src/explorer-error.ts';
import type { WorkbenchData } from '../src/workbench-data.ts';

/** The fixture study's one document: an emoji and a combining mark before the coded words. */
export const FIXTURE_DOC_TEXT = 'M01: We moved 🙂 the job specialist\u0301 into the team.\n';

/**
 * An in-memory coding workbench for route tests: one study (`fixture-ips`) with one document,
 * the importer's ids, replay by operation id and an audit trail, as the graph one behaves.
 */
export class FixtureWorkbenchData implements WorkbenchData {
  readonly studyId = 'fixture-ips';
  readonly codings = new Map<string, WorkbenchCoding>();
  readonly entries: AuditEntryItem[] = [];

  #replayed(opId: string): boolean {
    return this.entries.some((e) => e.id === opId);
  }

  #record(
    entry: Omit<AuditEntryItem, 'at' | 'excerptId' | 'documentId' | 'codingId'> & {
      coding?: WorkbenchCoding | undefined;
    },
  ): void {
    const { coding, ...rest } = entry;
    this.entries.push({
      ...rest,
      at: '2026-01-01T00:00:00.000Z',
      documentId: coding?.documentId ?? null,
      excerptId: coding?.excerptId ?? null,
      codingId: coding?.id ?? null,
    });
  }

  #check(studyId: string): void {
    if (studyId !== this.studyId) throw new ExplorerError('not_found', `no study ${studyId}`);
  }

  async documents(studyId: string): Promise<DocumentsResponse | null> {
    if (studyId !== this.studyId) return null;
    return [
      {
        id: 'doc-1',
        title: 'Interview 1',
        excerpts: new Set([...this.codings.values()].map((c) => c.excerptId)).size,
      },
    ];
  }

  async documentCodings(
    studyId: string,
    documentId: string,
    coder: string | undefined,
  ): Promise<DocumentCodingsResponse | null> {
    if (studyId !== this.studyId || documentId !== 'doc-1') return null;
    const byExcerpt = new Map<string, WorkbenchCoding[]>();
    for (const c of this.codings.values()) {
      if (coder !== undefined && c.coderId !== coder) continue;
      byExcerpt.set(c.excerptId, [...(byExcerpt.get(c.excerptId) ?? []), c]);
    }
    return {
      documentId,
      excerpts: [...byExcerpt].map(([id, cs]) => ({
        id,
        start: cs[0]?.start ?? 0,
        end: cs[0]?.end ?? 0,
        text: cs[0]?.text ?? '',
        speaker: { kind: 'informant' as const, id: 'M01' },
        performer: { kind: 'informant' as const, id: 'M01' },
        performerSource: 'speaker',
        codings: cs.map((c) => ({ id: c.id, code: c.code, coderId: c.coderId, at: c.at })),
        memos: [],
      })),
    };
  }

  async createCoding(studyId: string, req: CreateCodingRequest): Promise<CodingResult> {
    this.#check(studyId);
    if (req.documentId !== 'doc-1') throw new ExplorerError('not_found', 'no such document');
    if (req.end > [...FIXTURE_DOC_TEXT].length)
      throw new ExplorerError('conflict', 'span past the end');
    const xid = excerptId(studyId, req.documentId, req);
    const coding: WorkbenchCoding = {
      id: codingId(xid, req.code, req.coderId),
      excerptId: xid,
      documentId: req.documentId,
      start: req.start,
      end: req.end,
      text: sliceByCodePoints(FIXTURE_DOC_TEXT, req.start, req.end),
      code: req.code,
      coderId: req.coderId,
      at: '2026-01-01T00:00:00.000Z',
    };
    if (this.#replayed(req.opId)) return { outcome: 'replayed', coding };
    if (this.codings.has(coding.id)) return { outcome: 'unchanged', coding };
    this.codings.set(coding.id, coding);
    this.#record({
      id: req.opId,
      coderId: req.coderId,
      action: 'create_coding',
      before: null,
      after: coding,
      coding,
    });
    return { outcome: 'created', coding };
  }

  async updateCoding(studyId: string, id: string, req: UpdateCodingRequest): Promise<CodingResult> {
    this.#check(studyId);
    const old = this.codings.get(id);
    if (old === undefined) throw new ExplorerError('not_found', `no coding ${id}`);
    this.codings.delete(id);
    const res = await this.createCoding(studyId, {
      opId: req.opId,
      coderId: req.coderId,
      documentId: old.documentId,
      start: req.start ?? old.start,
      end: req.end ?? old.end,
      code: req.code ?? old.code,
    });
    return { ...res, outcome: 'changed' };
  }

  async deleteCoding(studyId: string, id: string, req: DeleteCodingRequest): Promise<CodingResult> {
    this.#check(studyId);
    if (this.#replayed(req.opId)) return { outcome: 'replayed', coding: null };
    const old = this.codings.get(id);
    if (old === undefined) return { outcome: 'unchanged', coding: null };
    this.codings.delete(id);
    this.#record({
      id: req.opId,
      coderId: req.coderId,
      action: 'delete_coding',
      before: old,
      after: null,
      coding: old,
    });
    return { outcome: 'deleted', coding: old };
  }

  async setPerformer(studyId: string, _x: string, req: PerformerRequest): Promise<PerformerResult> {
    this.#check(studyId);
    return {
      outcome: 'changed',
      performer: req.performer,
      performerSource: req.performer ? 'explicit' : 'speaker',
    };
  }

  async setMemo(studyId: string, excerpt: string, _req: MemoRequest): Promise<MemoResult> {
    this.#check(studyId);
    return { outcome: 'changed', memoId: `memo-${excerpt}` };
  }

  async createStudy(req: CreateStudyRequest): Promise<CreateStudyResult> {
    const studyId = req.id ?? 'new-study';
    if (studyId === this.studyId)
      throw new ExplorerError('conflict', `id: a study with the id ${studyId} exists`);
    return { outcome: 'created', studyId };
  }

  async addDocument(studyId: string, req: AddDocumentRequest): Promise<AddDocumentResult> {
    this.#check(studyId);
    return { outcome: 'created', documentId: req.id ?? 'doc-2', warnings: [] };
  }

  async audit(studyId: string, documentId: string | undefined): Promise<AuditResponse | null> {
    if (studyId !== this.studyId) return null;
    const entries = this.entries.filter(
      (e) => documentId === undefined || e.documentId === documentId,
    );
    return { total: entries.length, entries };
  }
}
