import { useState } from 'react';
import { newOpId } from '../api.ts';
import { sendApi, studyApi } from '../api-client.ts';

/**
 * Deletes an actor of the study after the researcher confirms it. The server refuses while an
 * excerpt, a document, a relation or a phase event still names the actor, and says which: the
 * refusal is shown beside the button, and nothing is deleted.
 */
export function DeleteActorButton(props: {
  studyId: string;
  coderId: string;
  actor: { kind: 'informant' | 'organisation' | 'actor_group'; id: string; name: string };
  onDone: (message: string) => void;
}) {
  const { actor } = props;
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const remove = async () => {
    if (
      !window.confirm(
        `Delete ${actor.name} (${actor.id}) from the study? An actor that still performs work in an excerpt, speaks in a document or has relations is not deleted; you will be told what names it.`,
      )
    )
      return;
    setBusy(true);
    setError(null);
    try {
      await sendApi(studyApi.actors[':kind'][':actorId'].$delete, {
        param: { id: props.studyId, kind: actor.kind, actorId: actor.id },
        json: { opId: newOpId(), coderId: props.coderId },
      });
      props.onDone(`Deleted ${actor.name}`);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button
        type="button"
        className="link"
        aria-label={`Delete ${actor.name}`}
        disabled={busy}
        onClick={() => void remove()}
      >
        Delete
      </button>
      {error !== null && (
        <p role="alert" className="error small">
          {error}
        </p>
      )}
    </>
  );
}
