import { codeName } from '@iwa/taxonomy/code-key-parts';
import { useMemo, useRef, useState } from 'react';
import type { OrganisationPhases } from '../../shared/api-types.ts';
import { apiUrl } from '../api.ts';
import { studyApi, useApiGet } from '../api-client.ts';
import { CoderPicker, coderParams } from '../components/coder-picker.tsx';
import type { Route } from '../route.ts';
import { CsvLink } from '../components/csv-link.tsx';
import { downloadCanvasPng, fileName } from '../components/download.ts';
import { Evidence } from '../components/evidence.tsx';
import { ProfileChart } from '../components/profile-chart.tsx';
import { humanise } from '../format.ts';

const VERDICT: Record<string, string> = {
  fits: 'Fits the expected profile',
  partial: 'Partly fits',
  does_not_fit: 'Does not fit',
};

const DAY = 86_400_000;
const time = (at: string) => Date.parse(at.length === 10 ? `${at}T00:00:00Z` : at);

/** Each organisation's phase timeline and its expected-versus-observed work profile. */
export function PhasesView(props: {
  studyId: string;
  route: Route;
  navigate: (route: Route) => void;
}) {
  const { studyId } = props;
  const base = `/api/studies/${encodeURIComponent(studyId)}`;
  const param = { id: studyId };
  const dims = useApiGet(studyApi.dimensions, { param, query: {} });
  // ids in the services' explanations, as their labels: organisations and codes
  const idLabels = useMemo(() => {
    const m = new Map<string, string>();
    if (dims.status === 'ok') {
      for (const f of dims.data.families) for (const c of f.codes) m.set(codeName(c.key), c.label);
      for (const d of dims.data.dimensions)
        if (d.key === 'organisation') for (const v of d.values) m.set(v.key, v.label);
    }
    return m;
  }, [dims]);
  const query = { ...coderParams(props.route.params) };
  const phases = useApiGet(studyApi.phases, { param, query });
  const list = phases.status === 'ok' ? phases.data.organisations : undefined;

  // One time axis for every organisation, so their timelines line up.
  const span = useMemo(() => {
    const times = (list ?? [])
      .flatMap((o) => o.events.map((e) => time(e.at)))
      .filter(Number.isFinite);
    if (times.length === 0) return undefined;
    const min = Math.min(...times);
    const max = Math.max(...times);
    const from = Date.UTC(new Date(min).getUTCFullYear(), 0, 1);
    const to = Date.UTC(new Date(max).getUTCFullYear() + 1, 0, 1);
    return { from, to: Math.max(to, from + 365 * DAY) };
  }, [list]);

  return (
    <div className="phases-view">
      <div className="toolbar" role="group" aria-label="Phase options">
        <p className="toolbar-note">
          States are hypotheses inferred from coded excerpts; each event lists its evidence.
        </p>
        <CoderPicker
          route={props.route}
          navigate={props.navigate}
          dims={dims.status === 'ok' ? dims.data : undefined}
          counted={phases.status === 'ok' ? phases.data.coders : undefined}
        />
        <div className="toolbar-actions">
          <CsvLink href={list === undefined ? undefined : apiUrl(`${base}/phases/export`, query)} />
        </div>
      </div>
      {phases.status === 'error' && (
        <p role="alert" className="error">
          {phases.error.message}
        </p>
      )}
      {phases.status === 'loading' && list === undefined && (
        <p className="muted" role="status">
          Loading the phase histories and work profiles…
        </p>
      )}
      {list?.length === 0 && <p className="empty">No organisation has recorded phase events.</p>}
      {list?.map((org) => (
        <OrganisationCard
          key={org.organisationId}
          studyId={studyId}
          org={org}
          span={span}
          labels={idLabels}
        />
      ))}
    </div>
  );
}

/**
 * Text with snake_case ids (`dps_nordhei`, `constructing_normative_networks`) shown as their
 * labels, each id on hover.
 */
function HumanText(props: { text: string; labels: ReadonlyMap<string, string> }) {
  const parts = props.text.split(/\b([a-z0-9]+(?:_[a-z0-9]+)+)\b/);
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <span key={i} className="id-label" title={part}>
            {props.labels.get(part) ?? humanise(part).toLowerCase()}
          </span>
        ) : (
          part
        ),
      )}
    </>
  );
}

function OrganisationCard(props: {
  studyId: string;
  labels: ReadonlyMap<string, string>;
  org: OrganisationPhases;
  span: { from: number; to: number } | undefined;
}) {
  const { org, span } = props;
  const [evidenceOf, setEvidenceOf] = useState<number | undefined>();
  const canvas = useRef<HTMLCanvasElement | null>(null);
  const years = span
    ? Array.from(
        { length: new Date(span.to).getUTCFullYear() - new Date(span.from).getUTCFullYear() + 1 },
        (_, i) => new Date(span.from).getUTCFullYear() + i,
      )
    : [];
  const x = (at: string) => (span ? (100 * (time(at) - span.from)) / (span.to - span.from) : 0);
  const titleId = `org-${org.organisationId}`;

  return (
    <section className="org-card" aria-labelledby={titleId} data-organisation={org.organisationId}>
      <header>
        <h2 id={titleId}>{org.organisationName}</h2>
        <span className={`state state-${org.state}`}>Now: {humanise(org.state)}</span>
      </header>
      <div className="org-body">
        <div className="org-timeline">
          {org.events.length === 0 ? (
            <p className="muted">No phase events recorded.</p>
          ) : (
            <>
              <div className="timeline" aria-hidden="true">
                <div className="timeline-axis" />
                {years.map((y) => (
                  <span key={y} className="timeline-year" style={{ left: `${x(`${y}-01-01`)}%` }}>
                    {y}
                  </span>
                ))}
                {org.events.map((e) => (
                  <span
                    key={e.seq}
                    className={`timeline-event state-${e.toState}`}
                    style={{ left: `${x(e.at)}%` }}
                    title={`${e.at}: ${humanise(e.type)} → ${humanise(e.toState)}`}
                  >
                    {e.seq}
                  </span>
                ))}
              </div>
              <ol className="events" aria-label={`Phase events of ${org.organisationName}`}>
                {org.events.map((e) => (
                  <li key={e.seq} className="event">
                    <span className={`event-seq state-${e.toState}`}>{e.seq}</span>
                    <div>
                      <p className="event-title">
                        <time dateTime={e.at}>{e.at}</time> <strong>{humanise(e.type)}</strong>:{' '}
                        {humanise(e.fromState)} → {humanise(e.toState)}
                      </p>
                      <p className="event-meta">
                        confidence {e.confidence} · recorded by {e.recordedBy} ·{' '}
                        <button
                          type="button"
                          className="link"
                          aria-expanded={evidenceOf === e.seq}
                          onClick={() => setEvidenceOf(evidenceOf === e.seq ? undefined : e.seq)}
                          disabled={e.evidence.length === 0}
                        >
                          {e.evidence.length} evidence excerpt{e.evidence.length === 1 ? '' : 's'}
                        </button>
                      </p>
                      {evidenceOf === e.seq && (
                        <Evidence studyId={props.studyId} ids={e.evidence} />
                      )}
                    </div>
                  </li>
                ))}
              </ol>
            </>
          )}
        </div>
        <div className="org-profile">
          {org.profile === null ? (
            <p className="muted">No work profile: the organisation has no coded work yet.</p>
          ) : (
            <>
              <h3>
                Observed work{' '}
                <span className={`verdict verdict-${org.profile.fit.verdict}`}>
                  {VERDICT[org.profile.fit.verdict] ?? org.profile.fit.verdict} (
                  {Math.round(org.profile.fit.score * 100)}%)
                </span>
              </h3>
              <p className="expected">
                Expected in {humanise(org.state).toLowerCase()}:{' '}
                <strong>{org.profile.expected.forms.map(humanise).join(', ')}</strong> work,{' '}
                <strong>
                  {org.profile.expected.purposes.map(humanise).join(', ').toLowerCase()}
                </strong>
              </p>
              <ProfileChart
                counts={org.profile.observed}
                description={`Observed work of ${org.organisationName} by form and purpose`}
                height={190}
                canvasRef={canvas}
              />
              <p className="muted">
                <HumanText text={org.profile.fit.explanation} labels={props.labels} />
              </p>
              <button
                type="button"
                className="small"
                onClick={() =>
                  canvas.current &&
                  downloadCanvasPng(
                    canvas.current,
                    fileName([org.organisationId, 'profile'], 'png'),
                  )
                }
              >
                Export chart PNG
              </button>
            </>
          )}
        </div>
      </div>
    </section>
  );
}
