import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { CreateStudyRequest } from '../../shared/api-types.ts';
import { newOpId } from '../api.ts';
import { api, sendApi, studyApi } from '../api-client.ts';
import { parseInformants } from './forms.ts';

/** A modal that opens itself. */
function useModal() {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d !== null && !d.open) d.showModal();
  }, []);
  return ref;
}

/** The "New study" dialog: a name, a description and the informants with their positions. */
export function NewStudyDialog(props: {
  coderId: string;
  onCreated: (studyId: string) => void;
  onClose: () => void;
}) {
  const ref = useModal();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [informants, setInformants] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseInformants(informants);
    if (parsed.errors.length > 0) return setError(parsed.errors.join('; '));
    const body: CreateStudyRequest = {
      opId: newOpId(),
      coderId: props.coderId,
      name,
      ...(description.trim() === '' ? {} : { description }),
      informants: parsed.informants,
    };
    setBusy(true);
    try {
      const res = await sendApi(api.studies.$post, { json: body });
      props.onCreated(res.studyId);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog
      ref={ref}
      className="wb-dialog"
      aria-labelledby="new-study-title"
      onClose={props.onClose}
    >
      <form onSubmit={(e) => void submit(e)}>
        <h2 id="new-study-title">New study</h2>
        <label>
          Name
          <input required value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          Description
          <textarea rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />
        </label>
        <label>
          Informants, one per line: id, role, sector (optional), pseudonym (optional)
          <textarea
            rows={5}
            placeholder={'M01 manager health Unit leader\nA01 advisor nav'}
            value={informants}
            onChange={(e) => setInformants(e.target.value)}
          />
        </label>
        <p className="muted small">
          The study gets the framework codebook (forms, purposes, Lawrence &amp; Suddaby forms,
          pillars). Transcripts label turns with these ids (<code>M01: …</code>) and{' '}
          <code>Interviewer:</code>, <code>I:</code> or <code>Int:</code>.
        </p>
        {error !== null && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={() => ref.current?.close()}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            Create study
          </button>
        </div>
      </form>
    </dialog>
  );
}

/** A file's bytes as base64 (in chunks: large files overflow `String.fromCharCode`). */
export async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** Uploads a `.txt`, `.md` or `.docx` transcript to a study; calls back with the new id. */
export async function uploadDocument(studyId: string, coderId: string, file: File) {
  return sendApi(studyApi.documents.$post, {
    param: { id: studyId },
    json: { opId: newOpId(), coderId, fileName: file.name, contentBase64: await base64Of(file) },
  });
}
