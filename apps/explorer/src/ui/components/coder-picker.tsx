import type { CodersInfo, DimensionsResponse } from '../../shared/api-types.ts';
import { withParams } from '../route.ts';
import type { Route } from '../route.ts';
import { Segmented } from './segmented.tsx';

/** The coder choice of a view as the URL keeps it (`coders=a,b&coderRule=agreed`). */
export interface CoderParams {
  coders: string | undefined;
  coderRule: 'pooled' | 'agreed' | undefined;
}

/** Reads the coder choice from the route: what every analysis request passes on. */
export function coderParams(params: URLSearchParams): CoderParams {
  const coders = params.get('coders') ?? undefined;
  const rule = params.get('coderRule');
  return {
    coders: coders === '' ? undefined : coders,
    coderRule: rule === 'pooled' || rule === 'agreed' ? rule : undefined,
  };
}

/**
 * Which coders an analysis counts, and how: one checkbox per coder of the study (all by default)
 * and, with two or more chosen, pooled or agreed codes. Nothing to choose in a single-coder
 * study: it shows the coder. The line below says what the server counted (`coders.description`).
 */
export function CoderPicker(props: {
  route: Route;
  navigate: (route: Route) => void;
  dims: DimensionsResponse | undefined;
  /** What the last answer counted, from the response. */
  counted: CodersInfo | { ids: string[]; description: string } | undefined;
}) {
  const { route, navigate } = props;
  const all = props.dims?.coders.map((c) => c.id) ?? [];
  const chosen = coderParams(route.params);
  const selected = chosen.coders === undefined ? all : chosen.coders.split(',');
  const set = (changes: Record<string, string | undefined>) =>
    navigate({ view: route.view, params: withParams(route.params, changes) });
  const toggle = (id: string) => {
    const next = selected.includes(id) ? selected.filter((c) => c !== id) : [...selected, id];
    if (next.length === 0) return; // at least one coder
    const sameAsAll = next.length === all.length && all.every((c) => next.includes(c));
    set({ coders: sameAsAll ? undefined : all.filter((c) => next.includes(c)).join(',') });
  };
  return (
    <div className="coder-picker" data-testid="coder-picker">
      {all.length > 1 && (
        <fieldset className="coders">
          <legend>Coders</legend>
          <div className="coder-options">
            {all.map((id) => (
              <label key={id} className={selected.includes(id) ? 'on' : undefined}>
                <input
                  type="checkbox"
                  checked={selected.includes(id)}
                  disabled={selected.length === 1 && selected.includes(id)}
                  onChange={() => toggle(id)}
                />
                {id}
              </label>
            ))}
          </div>
        </fieldset>
      )}
      {all.length > 1 && selected.length > 1 && (
        <Segmented
          legend="Codes"
          value={chosen.coderRule ?? 'pooled'}
          options={[
            { value: 'pooled', label: 'Pooled' },
            { value: 'agreed', label: 'Agreed' },
          ]}
          onChange={(v) => set({ coderRule: v === 'pooled' ? undefined : v })}
        />
      )}
      {props.counted !== undefined && (
        <p className="coders-line" data-testid="coders-line">
          {props.counted.description}
        </p>
      )}
    </div>
  );
}
