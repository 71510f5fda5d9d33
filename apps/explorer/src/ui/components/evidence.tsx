import { studyApi, useApiGet } from '../api-client.ts';
import { ExcerptList } from './excerpt-list.tsx';

/** The excerpts a claim or an event cites, fetched by id. */
export function Evidence({ studyId, ids }: { studyId: string; ids: readonly string[] }) {
  const state = useApiGet(
    studyApi.excerpts,
    ids.length === 0
      ? null
      : { param: { id: studyId }, query: { ids: ids.slice(0, 200).join(','), limit: '200' } },
  );
  if (state.status === 'error') return <p role="alert">{state.error.message}</p>;
  if (state.status === 'loading') return <p className="muted">Loading…</p>;
  return <ExcerptList studyId={studyId} items={state.data.items} total={state.data.total} />;
}
