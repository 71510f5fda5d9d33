import { useCallback, useRef, useState } from 'react';
import type { CodedExcerpt, CodingResult, PerformerActor } from '../../shared/api-types.ts';
import { newOpId } from '../api.ts';
import { sendApi, studyApi } from '../api-client.ts';

/** A change that can be taken back: what it did, and how to undo it. */
interface UndoEntry {
  label: string;
  /** Takes the change back, recorded as the undo of `opId`'s audit entry. */
  undo: (undoOf: string) => Promise<unknown>;
  /** The operation id of the change (its audit entry). */
  opId: string;
}

/** A write's operation id (default: a fresh one) and, for an undo, the entry it takes back. */
interface Meta {
  opId?: string;
  undoOf?: string;
}

/** What the workbench can do to a study, each write undoable (one step at a time). */
export interface Operations {
  addCode(
    span: { documentId: string; start: number; end: number },
    code: string,
  ): Promise<CodingResult>;
  removeCoding(coding: {
    id: string;
    documentId: string;
    start: number;
    end: number;
    code: string;
  }): Promise<void>;
  changeCode(codingId: string, from: string, to: string): Promise<void>;
  setPerformer(excerpt: CodedExcerpt, performer: PerformerActor | null): Promise<void>;
  setMemo(excerpt: CodedExcerpt, before: string, text: string): Promise<void>;
  undo(): Promise<void>;
  /** The label of the change `undo` would take back. */
  undoLabel: string | null;
  busy: boolean;
  error: string | null;
  clearError(): void;
}

/** The workbench's writes for one study and coder, through the API with the write token. */
export function useOperations(
  studyId: string,
  coderId: string,
  labelOf: (code: string) => string = (c) => c,
): Operations {
  const stack = useRef<UndoEntry[]>([]);
  const [undoLabel, setUndoLabel] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const param = { id: studyId };

  const push = (entry: UndoEntry) => {
    stack.current.push(entry);
    setUndoLabel(entry.label);
  };

  const run = useCallback(async <T>(fn: () => Promise<T>): Promise<T> => {
    setBusy(true);
    setError(null);
    try {
      return await fn();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      setError(message);
      throw err;
    } finally {
      setBusy(false);
    }
  }, []);

  /** The fields every write sends: a fresh operation id, the coder, and for an undo what it undoes. */
  const op = (meta: Meta) => ({
    opId: meta.opId ?? newOpId(),
    coderId,
    ...(meta.undoOf === undefined ? {} : { undoOf: meta.undoOf }),
  });
  const create = (
    span: { documentId: string; start: number; end: number },
    code: string,
    meta: Meta = {},
  ) =>
    sendApi(studyApi.codings.$post, {
      param,
      json: { ...op(meta), documentId: span.documentId, start: span.start, end: span.end, code },
    });
  const coding = studyApi.codings[':codingId'];
  const remove = (codingId: string, meta: Meta = {}) =>
    sendApi(coding.$delete, { param: { ...param, codingId }, json: op(meta) });
  const update = (codingId: string, code: string, meta: Meta = {}) =>
    sendApi(coding.$put, { param: { ...param, codingId }, json: { ...op(meta), code } });
  const excerpt = studyApi.excerpts[':excerptId'];
  const performer = (excerptId: string, actor: PerformerActor | null, meta: Meta = {}) =>
    sendApi(excerpt.performer.$put, {
      param: { ...param, excerptId },
      json: { ...op(meta), performer: actor },
    });
  const memo = (excerptId: string, text: string, meta: Meta = {}) =>
    sendApi(excerpt.memo.$put, { param: { ...param, excerptId }, json: { ...op(meta), text } });

  return {
    addCode: (span, code) =>
      run(async () => {
        const opId = newOpId();
        const res = await create(span, code, { opId });
        const id = res.coding?.id;
        if (res.outcome === 'created' && id !== undefined) {
          push({ label: `add ${labelOf(code)}`, opId, undo: (u) => remove(id, { undoOf: u }) });
        }
        return res;
      }),
    removeCoding: (c) =>
      run(async () => {
        const opId = newOpId();
        const res = await remove(c.id, { opId });
        if (res.outcome === 'deleted') {
          push({
            label: `remove ${labelOf(c.code)}`,
            opId,
            undo: (u) =>
              create({ documentId: c.documentId, start: c.start, end: c.end }, c.code, {
                undoOf: u,
              }),
          });
        }
      }),
    changeCode: (codingId, from, to) =>
      run(async () => {
        const opId = newOpId();
        const res = await update(codingId, to, { opId });
        const id = res.coding?.id;
        if (res.outcome === 'changed' && id !== undefined) {
          push({
            label: `change ${labelOf(from)} to ${labelOf(to)}`,
            opId,
            undo: (u) => update(id, from, { undoOf: u }),
          });
        }
      }),
    setPerformer: (x, actor) =>
      run(async () => {
        const before = x.performerSource === 'explicit' ? x.performer : null;
        const opId = newOpId();
        const res = await performer(x.id, actor, { opId });
        if (res.outcome === 'changed') {
          push({
            label: 'set performer',
            opId,
            undo: (u) => performer(x.id, before, { undoOf: u }),
          });
        }
      }),
    setMemo: (x, before, text) =>
      run(async () => {
        const opId = newOpId();
        const res = await memo(x.id, text, { opId });
        if (res.outcome === 'changed')
          push({ label: 'edit memo', opId, undo: (u) => memo(x.id, before, { undoOf: u }) });
      }),
    undo: () =>
      run(async () => {
        const entry = stack.current.pop();
        setUndoLabel(stack.current.at(-1)?.label ?? null);
        if (entry !== undefined) await entry.undo(entry.opId);
      }),
    undoLabel,
    busy,
    error,
    clearError: () => setError(null),
  };
}
