import { useCallback, useRef, useState } from 'react';
import type {
  CodedExcerpt,
  CodingResult,
  MemoResult,
  PerformerActor,
  PerformerResult,
} from '../../shared/api-types.ts';
import { newOpId, writeJson } from '../api.ts';

/** A change that can be taken back: what it did, and how to undo it. */
interface UndoEntry {
  label: string;
  undo: () => Promise<unknown>;
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
  const base = `/api/studies/${encodeURIComponent(studyId)}`;

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

  const create = (span: { documentId: string; start: number; end: number }, code: string) =>
    writeJson<CodingResult>('POST', `${base}/codings`, {
      opId: newOpId(),
      coderId,
      documentId: span.documentId,
      start: span.start,
      end: span.end,
      code,
    });
  const remove = (codingId: string) =>
    writeJson<CodingResult>('DELETE', `${base}/codings/${encodeURIComponent(codingId)}`, {
      opId: newOpId(),
      coderId,
    });
  const update = (codingId: string, code: string) =>
    writeJson<CodingResult>('PUT', `${base}/codings/${encodeURIComponent(codingId)}`, {
      opId: newOpId(),
      coderId,
      code,
    });
  const performer = (excerptId: string, actor: PerformerActor | null) =>
    writeJson<PerformerResult>(
      'PUT',
      `${base}/excerpts/${encodeURIComponent(excerptId)}/performer`,
      {
        opId: newOpId(),
        coderId,
        performer: actor,
      },
    );
  const memo = (excerptId: string, text: string) =>
    writeJson<MemoResult>('PUT', `${base}/excerpts/${encodeURIComponent(excerptId)}/memo`, {
      opId: newOpId(),
      coderId,
      text,
    });

  return {
    addCode: (span, code) =>
      run(async () => {
        const res = await create(span, code);
        const id = res.coding?.id;
        if (res.outcome === 'created' && id !== undefined) {
          push({ label: `add ${labelOf(code)}`, undo: () => remove(id) });
        }
        return res;
      }),
    removeCoding: (c) =>
      run(async () => {
        const res = await remove(c.id);
        if (res.outcome === 'deleted') {
          push({
            label: `remove ${labelOf(c.code)}`,
            undo: () => create({ documentId: c.documentId, start: c.start, end: c.end }, c.code),
          });
        }
      }),
    changeCode: (codingId, from, to) =>
      run(async () => {
        const res = await update(codingId, to);
        const id = res.coding?.id;
        if (res.outcome === 'changed' && id !== undefined) {
          push({
            label: `change ${labelOf(from)} to ${labelOf(to)}`,
            undo: () => update(id, from),
          });
        }
      }),
    setPerformer: (x, actor) =>
      run(async () => {
        const before = x.performerSource === 'explicit' ? x.performer : null;
        const res = await performer(x.id, actor);
        if (res.outcome === 'changed') {
          push({ label: 'set performer', undo: () => performer(x.id, before) });
        }
      }),
    setMemo: (x, before, text) =>
      run(async () => {
        const res = await memo(x.id, text);
        if (res.outcome === 'changed') push({ label: 'edit memo', undo: () => memo(x.id, before) });
      }),
    undo: () =>
      run(async () => {
        const entry = stack.current.pop();
        setUndoLabel(stack.current.at(-1)?.label ?? null);
        if (entry !== undefined) await entry.undo();
      }),
    undoLabel,
    busy,
    error,
    clearError: () => setError(null),
  };
}
