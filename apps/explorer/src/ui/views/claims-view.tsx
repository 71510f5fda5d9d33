import { Fragment, useState } from 'react';
import { apiUrl } from '../api.ts';
import { studyApi, useApiGet } from '../api-client.ts';
import { CoderPicker, coderParams } from '../components/coder-picker.tsx';
import type { Route } from '../route.ts';
import { CsvLink } from '../components/csv-link.tsx';
import { formatNumber } from '../format.ts';
import { Evidence } from '../components/evidence.tsx';

function Verdict({ holds }: { holds: boolean | null }) {
  if (holds === null) return <span className="holds holds-null">? Undecided</span>;
  return holds ? (
    <span className="holds holds-true">✓ Holds</span>
  ) : (
    <span className="holds holds-false">✗ Does not hold</span>
  );
}

/** The study's claim checks, with the numbers behind each and the excerpts it cites. */
export function ClaimsView(props: {
  studyId: string;
  route: Route;
  navigate: (route: Route) => void;
}) {
  const { studyId } = props;
  const base = `/api/studies/${encodeURIComponent(studyId)}`;
  const param = { id: studyId };
  const dims = useApiGet(studyApi.dimensions, { param, query: {} });
  const query = { ...coderParams(props.route.params) };
  const claims = useApiGet(studyApi.claims, { param, query });
  const [open, setOpen] = useState<string | undefined>();
  const list = claims.status === 'ok' ? claims.data.claims : undefined;

  return (
    <div className="claims-view">
      <div className="toolbar" role="group" aria-label="Claim options">
        <p className="toolbar-note">
          Findings of the study as checkable claims; thresholds are parameters, not findings.
        </p>
        <CoderPicker
          route={props.route}
          navigate={props.navigate}
          dims={dims.status === 'ok' ? dims.data : undefined}
          counted={claims.status === 'ok' ? claims.data.coders : undefined}
        />
        <div className="toolbar-actions">
          <CsvLink href={list === undefined ? undefined : apiUrl(`${base}/claims/export`, query)} />
        </div>
      </div>
      {claims.status === 'error' && (
        <p role="alert" className="error">
          {claims.error.message}
        </p>
      )}
      {claims.status === 'loading' && list === undefined && (
        <p className="muted" role="status">
          Checking the study’s claims against its coded excerpts…
        </p>
      )}
      {list?.length === 0 && (
        <p className="empty claims-empty">
          This study has no claims yet. A claim is a finding stated so that iwa can check it against
          the coded excerpts (for example “managers do more operational work than advisors”). Write
          them in a claims.yaml in the study folder and import it again, or check a file with `iwa
          claims check --study … --file claims.yaml`.
        </p>
      )}
      {list !== undefined && list.length > 0 && (
        <table className="claims">
          <caption>Claim checks</caption>
          <thead>
            <tr>
              <th scope="col">Claim</th>
              <th scope="col">Result</th>
              <th scope="col">Numbers</th>
              <th scope="col">Evidence</th>
            </tr>
          </thead>
          <tbody>
            {list.map((c) => (
              <Fragment key={c.id}>
                <tr data-claim={c.id}>
                  <th scope="row">
                    <span className="claim-id">{c.id}</span>
                    <span className="claim-statement">{c.statement}</span>
                    <span className="claim-explanation">{c.explanation}</span>
                  </th>
                  <td>
                    <Verdict holds={c.holds} />
                  </td>
                  <td>
                    <dl className="numbers">
                      {Object.entries(c.numbers).map(([k, v]) => (
                        <div key={k}>
                          <dt>{k}</dt>
                          <dd>{formatNumber(v)}</dd>
                        </div>
                      ))}
                    </dl>
                  </td>
                  <td>
                    <button
                      type="button"
                      className="link"
                      aria-expanded={open === c.id}
                      disabled={c.excerptIds.length === 0}
                      onClick={() => setOpen(open === c.id ? undefined : c.id)}
                    >
                      {c.excerptIds.length} excerpt{c.excerptIds.length === 1 ? '' : 's'}
                    </button>
                  </td>
                </tr>
                {open === c.id && (
                  <tr className="evidence-row">
                    <td colSpan={4}>
                      <Evidence studyId={studyId} ids={c.excerptIds} />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
