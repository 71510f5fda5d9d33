import { useEffect, useState } from 'react';
import type { InferRequestType } from 'hono/client';
import type { ExcerptItem } from '../../shared/api-types.ts';
import { clientError } from '../api.ts';
import type { ApiClientError } from '../api.ts';
import { getApi, studyApi, urlOf } from '../api-client.ts';

const PAGE = 50;

export interface ExcerptPages {
  items: ExcerptItem[];
  total: number;
  loading: boolean;
  error: ApiClientError | undefined;
  /** Loads the next page, if there is one. */
  more: (() => void) | undefined;
}

/** The query of the excerpts route but its page (limit and offset). */
export type ExcerptsQuery = Omit<
  InferRequestType<typeof studyApi.excerpts.$get>['query'],
  'limit' | 'offset'
>;

/** The excerpts a query selects in a study (null: none), loaded a page of 50 at a time. */
export function useExcerptPages(
  request: { studyId: string; query: ExcerptsQuery } | null,
): ExcerptPages {
  const url =
    request === null
      ? null
      : urlOf(studyApi.excerpts, { param: { id: request.studyId }, query: request.query });
  const [pages, setPages] = useState(1);
  const [state, setState] = useState<{
    url: string | null;
    items: ExcerptItem[];
    total: number;
    error?: ApiClientError;
  }>({ url: null, items: [], total: 0 });

  useEffect(() => setPages(1), [url]);

  useEffect(() => {
    if (request === null || url === null) return;
    let live = true;
    // the request of the render that named `url` (one URL, one query)
    const { studyId, query } = request;
    const loads = Array.from({ length: pages }, (_, i) =>
      getApi(studyApi.excerpts, {
        param: { id: studyId },
        query: { ...query, limit: String(PAGE), offset: String(i * PAGE) },
      }),
    );
    Promise.all(loads).then(
      (results) => {
        if (!live) return;
        setState({
          url,
          items: results.flatMap((r) => r.items),
          total: results[0]?.total ?? 0,
        });
      },
      (err: unknown) => {
        if (!live) return;
        setState({ url, items: [], total: 0, error: clientError(err) });
      },
    );
    return () => {
      live = false;
    };
  }, [url, pages]);

  const current = state.url === url;
  const items = current ? state.items : [];
  const total = current ? state.total : 0;
  return {
    items,
    total,
    loading: !current || items.length < Math.min(total, pages * PAGE),
    error: current ? state.error : undefined,
    more: items.length < total ? () => setPages((p) => p + 1) : undefined,
  };
}
