import type { ExcerptsResponse } from '../../shared/api-types.ts';
import { apiUrl, useApi } from '../api.ts';
import { ExcerptList } from './excerpt-list.tsx';

/** The excerpts a claim or an event cites, fetched by id. */
export function Evidence({ studyId, ids }: { studyId: string; ids: readonly string[] }) {
  const url =
    ids.length === 0
      ? null
      : apiUrl(`/api/studies/${encodeURIComponent(studyId)}/excerpts`, {
          ids: ids.slice(0, 200).join(','),
          limit: 200,
        });
  const state = useApi<ExcerptsResponse>(url);
  if (state.status === 'error') return <p role="alert">{state.error.message}</p>;
  if (state.status === 'loading') return <p className="muted">Loading…</p>;
  return <ExcerptList studyId={studyId} items={state.data.items} total={state.data.total} />;
}
