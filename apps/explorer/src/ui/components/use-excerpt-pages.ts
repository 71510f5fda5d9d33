import { useEffect, useState } from 'react';
import type { ExcerptItem, ExcerptsResponse } from '../../shared/api-types.ts';
import { ApiClientError, getJson } from '../api.ts';

const PAGE = 50;

export interface ExcerptPages {
  items: ExcerptItem[];
  total: number;
  loading: boolean;
  error: ApiClientError | undefined;
  /** Loads the next page, if there is one. */
  more: (() => void) | undefined;
}

/**
 * The excerpts of `url` (an excerpts API URL without limit/offset; null: none), loaded a page
 * of 50 at a time.
 */
export function useExcerptPages(url: string | null): ExcerptPages {
  const [pages, setPages] = useState(1);
  const [state, setState] = useState<{
    url: string | null;
    items: ExcerptItem[];
    total: number;
    error?: ApiClientError;
  }>({ url: null, items: [], total: 0 });

  useEffect(() => setPages(1), [url]);

  useEffect(() => {
    if (url === null) return;
    let live = true;
    const sep = url.includes('?') ? '&' : '?';
    const loads = Array.from({ length: pages }, (_, i) =>
      getJson<ExcerptsResponse>(`${url}${sep}limit=${PAGE}&offset=${i * PAGE}`),
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
        const error =
          err instanceof ApiClientError ? err : new ApiClientError(0, 'network', String(err));
        setState({ url, items: [], total: 0, error });
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
