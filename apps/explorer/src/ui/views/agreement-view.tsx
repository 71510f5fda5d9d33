import { useMemo, useState } from 'react';
import type {
  AgreementDisagreement,
  AgreementResponse,
  AgreementRow,
  AgreementUnit,
  AgreementValue,
  DimensionsResponse,
} from '../../shared/api-types.ts';
import { apiUrl } from '../api.ts';
import { studyApi, useApiGet } from '../api-client.ts';
import { DocumentDialog } from '../components/document-dialog.tsx';
import { labeller } from '../workbench/transcript.tsx';
import { CsvLink } from '../components/csv-link.tsx';
import { Segmented } from '../components/segmented.tsx';
import { SelectField } from '../components/select-field.tsx';
import { humanise } from '../format.ts';
import { withParams } from '../route.ts';
import { AgreementReport, reportSettings } from './agreement-report.tsx';
import type { Route } from '../route.ts';

export interface AgreementViewProps {
  studyId: string;
  route: Route;
  navigate: (next: Route) => void;
}

/** Overlap thresholds offered for aligning segments into units (share of their union). */
const OVERLAPS = ['0.1', '0.25', '0.5', '0.75', '0.9', '1'] as const;
const PAGE = 50;

const STATS = [
  { key: 'pairwisePct', head: '% agreement', symbol: '', sub: 'pairwise' },
  { key: 'alpha', head: "Krippendorff's", symbol: 'α', sub: 'nominal' },
  { key: 'kappa', head: "Cohen's", symbol: 'κ', sub: 'two coders' },
  { key: 'fleiss', head: "Fleiss'", symbol: 'κ', sub: '' },
] as const;
type StatKey = (typeof STATS)[number]['key'];

/** A coefficient for a table cell; percentages with one decimal, coefficients with three. */
function formatValue(key: StatKey, v: number): string {
  const s = key === 'pairwisePct' ? `${v.toFixed(1)}%` : v.toFixed(3);
  return s.replace(/^-/, '−');
}

/** The reasons of undefined values, numbered in order of first use (footnotes of a table). */
class Reasons {
  readonly list: string[] = [];
  number(reason: string): number {
    const i = this.list.indexOf(reason);
    if (i >= 0) return i + 1;
    this.list.push(reason);
    return this.list.length;
  }
}

function ValueCell(props: { stat: StatKey; value: AgreementValue; reasons: Reasons; id: string }) {
  const { value } = props;
  if (value.value === null) {
    const n = props.reasons.number(value.reason);
    return (
      <td className="num undefined" data-stat={props.stat} title={value.reason}>
        undefined
        <sup>
          <a href={`#${props.id}-reason-${n}`} aria-label={`reason ${n}: ${value.reason}`}>
            {n}
          </a>
        </sup>
      </td>
    );
  }
  return (
    <td className="num" data-stat={props.stat} data-value={value.value}>
      {formatValue(props.stat, value.value)}
    </td>
  );
}

function Row(props: {
  row: AgreementRow;
  kind: 'overall' | 'family' | 'code' | 'document';
  reasons: Reasons;
  id: string;
}) {
  const { row } = props;
  return (
    <tr className={`agreement-${props.kind}`} data-row={row.key}>
      <th scope="row">
        {row.label}
        {props.kind === 'code' && row.label !== row.key && (
          <span className="agreement-key">{row.key}</span>
        )}
      </th>
      <td className="num">{row.items.toLocaleString('en-GB')}</td>
      <td className="num">{row.itemsCoded.toLocaleString('en-GB')}</td>
      {STATS.map((s) => (
        <ValueCell
          key={s.key}
          stat={s.key}
          value={row[s.key]}
          reasons={props.reasons}
          id={props.id}
        />
      ))}
    </tr>
  );
}

function Head(props: { first: string }) {
  return (
    <thead>
      <tr>
        <th scope="col">{props.first}</th>
        <th scope="col" className="num">
          Items
        </th>
        <th scope="col" className="num">
          Coded
        </th>
        {STATS.map((s) => (
          <th key={s.key} scope="col" className="num">
            {s.head}
            {s.symbol !== '' && (
              <>
                {' '}
                {/* lower case: an upper-case α or κ reads as A or K */}
                <span className="greek">{s.symbol}</span>
              </>
            )}
            {s.sub !== '' && <span className="agreement-sub">{s.sub}</span>}
          </th>
        ))}
      </tr>
    </thead>
  );
}

function ReasonList(props: { reasons: Reasons; id: string }) {
  if (props.reasons.list.length === 0) return null;
  return (
    <ol className="agreement-reasons" aria-label="Why values are undefined">
      {props.reasons.list.map((r, i) => (
        <li key={r} id={`${props.id}-reason-${i + 1}`}>
          <span className="muted">undefined {i + 1}:</span> {r}
        </li>
      ))}
    </ol>
  );
}

function CodeTable({ data }: { data: AgreementResponse }) {
  const reasons = new Reasons();
  const rows = (
    <>
      <tbody>
        <Row row={data.overall} kind="overall" reasons={reasons} id="codes" />
      </tbody>
      <tbody aria-label="Families">
        {data.byFamily.map((r) => (
          <Row key={r.key} row={r} kind="family" reasons={reasons} id="codes" />
        ))}
      </tbody>
      <tbody aria-label="Codes">
        {data.byCode.map((r) => (
          <Row key={r.key} row={r} kind="code" reasons={reasons} id="codes" />
        ))}
      </tbody>
    </>
  );
  return (
    <div className="table-scroll">
      <table className="agreement-table agreement-codes">
        <caption>Agreement overall, by family and by code</caption>
        <Head first="Code" />
        {rows}
      </table>
      <ReasonList reasons={reasons} id="codes" />
    </div>
  );
}

function DocumentTable({ data }: { data: AgreementResponse }) {
  const reasons = new Reasons();
  return (
    <div className="table-scroll">
      <table className="agreement-table agreement-documents">
        <caption>Agreement by document (all codes pooled)</caption>
        <Head first="Document" />
        <tbody>
          {data.byDocument.map((r) => (
            <Row key={r.key} row={r} kind="document" reasons={reasons} id="documents" />
          ))}
        </tbody>
      </table>
      <ReasonList reasons={reasons} id="documents" />
      {data.skippedDocuments.length > 0 && (
        <p className="muted agreement-skipped">
          Left out (fewer than two of the chosen coders):{' '}
          {data.skippedDocuments.map((d) => `${d.documentTitle} (${d.reason})`).join('; ')}.
        </p>
      )}
    </div>
  );
}

function Disagreement(props: {
  item: AgreementDisagreement;
  studyId: string;
  labelOf: (code: string) => string;
  onOpen: (item: AgreementDisagreement) => void;
}) {
  const { item } = props;
  const disputed = new Set(item.disputed);
  return (
    <li className="disagreement" data-document={item.documentId}>
      <div className="disagreement-head">
        <strong>{item.documentTitle}</strong>
        <span className="muted">
          characters {item.start}–{item.end}
        </span>
        <button type="button" className="link" onClick={() => props.onOpen(item)}>
          Show in document
        </button>
        {item.codes.length >= 2 && (
          <a
            className="compare-link"
            href={`#/compare?${new URLSearchParams({
              study: props.studyId,
              doc: item.documentId,
              a: item.codes[0]?.coder ?? '',
              b: item.codes[1]?.coder ?? '',
            }).toString()}`}
          >
            Compare {item.codes[0]?.coder} and {item.codes[1]?.coder} in this document
          </a>
        )}
      </div>
      {/* The unit's text is user content: React renders it as text, never as HTML. */}
      <blockquote className="disagreement-text">{item.text}</blockquote>
      <dl className="disagreement-codes">
        {item.codes.map((c) => (
          <div key={c.coder}>
            <dt>{c.coder}</dt>
            <dd>
              {c.codes.length === 0 ? (
                <span className="muted">(nothing)</span>
              ) : (
                <ul className="codes">
                  {c.codes.map((code) => (
                    <li
                      key={code}
                      className={disputed.has(code) ? 'code disputed' : 'code'}
                      title={
                        disputed.has(code) ? `${code} (disputed: not every coder applied it)` : code
                      }
                    >
                      {props.labelOf(code)}
                    </li>
                  ))}
                </ul>
              )}
            </dd>
          </div>
        ))}
        <div>
          <dt>Disputed</dt>
          <dd title={item.disputed.join(', ')}>{item.disputed.map(props.labelOf).join(', ')}</dd>
        </div>
      </dl>
    </li>
  );
}

function Disagreements({
  data,
  studyId,
  labelOf,
}: {
  data: AgreementResponse;
  studyId: string;
  labelOf: (code: string) => string;
}) {
  const [shown, setShown] = useState(PAGE);
  const [open, setOpen] = useState<AgreementDisagreement | undefined>();
  const { total, items } = data.disagreements;
  const visible = items.slice(0, shown);
  return (
    <section className="agreement-disagreements" aria-labelledby="disagreements-title">
      <h2 id="disagreements-title">
        Disagreements <span className="disagreement-count">{total}</span>
      </h2>
      <p className="muted">
        Units on which the coders did not apply the same codes; disputed codes are marked.
        {items.length < total && ` The server sent the first ${items.length}.`}
      </p>
      {total === 0 ? (
        <p className="muted">The coders agree on every unit.</p>
      ) : (
        <ol className="disagreement-list">
          {visible.map((d) => (
            <Disagreement
              key={`${d.documentId}:${d.start}:${d.end}`}
              item={d}
              studyId={studyId}
              labelOf={labelOf}
              onOpen={setOpen}
            />
          ))}
        </ol>
      )}
      {visible.length < items.length && (
        <button type="button" className="more" onClick={() => setShown(shown + PAGE)}>
          Show more ({items.length - visible.length} left)
        </button>
      )}
      {open !== undefined && (
        <DocumentDialog
          studyId={studyId}
          documentId={open.documentId}
          highlight={{ start: open.start, end: open.end }}
          speakers={{}}
          onClose={() => setOpen(undefined)}
        />
      )}
    </section>
  );
}

/** The agreement view's options: coders, code family, unit, minimum overlap, and the CSV. */
function AgreementToolbar(props: {
  studyCoders: readonly string[];
  selected: ReadonlySet<string>;
  toggleCoder: (coder: string) => void;
  families: DimensionsResponse['families'];
  family: string;
  unit: AgreementUnit;
  minOverlap: string;
  set: (changes: Record<string, string | undefined>) => void;
  csvUrl: string | undefined;
}) {
  const { studyCoders, selected, toggleCoder, families, family, unit, minOverlap, set } = props;
  return (
    <div className="toolbar" role="group" aria-label="Agreement options">
      <fieldset className="coder-picker" disabled={studyCoders.length < 2}>
        <legend>Coders</legend>
        <div className="coder-options">
          {studyCoders.map((c) => (
            <label key={c}>
              <input
                type="checkbox"
                checked={selected.has(c)}
                disabled={selected.has(c) && selected.size === 1}
                onChange={() => toggleCoder(c)}
              />
              {c}
            </label>
          ))}
          {studyCoders.length === 0 && <span className="muted">—</span>}
        </div>
      </fieldset>
      <SelectField
        label="Code family"
        value={family}
        onChange={(v) => set({ family: v === '' ? undefined : v })}
      >
        <option value="">All families</option>
        {families.map((f) => (
          <option key={f.key} value={f.key}>
            {f.label}
          </option>
        ))}
      </SelectField>
      <Segmented
        legend="Unit"
        value={unit}
        options={[
          { value: 'segment', label: 'Segments' },
          { value: 'character', label: 'Characters' },
        ]}
        onChange={(v) => set({ unit: v === 'segment' ? undefined : v })}
      />
      <SelectField
        label="Min overlap"
        value={minOverlap}
        disabled={unit !== 'segment'}
        onChange={(v) => set({ minOverlap: v === '0.5' ? undefined : v })}
      >
        {OVERLAPS.map((o) => (
          <option key={o} value={o}>
            {`${Math.round(Number(o) * 100)}% of their union`}
          </option>
        ))}
      </SelectField>
      <div className="toolbar-actions">
        <CsvLink href={props.csvUrl} />
      </div>
    </div>
  );
}

/**
 * Agreement between coders (issue #9): percent agreement, Krippendorff's alpha, Cohen's and
 * Fleiss' kappa overall, by family, code and document, and the units the coders disagree on.
 */
export function AgreementView({ studyId, route, navigate }: AgreementViewProps) {
  const p = route.params;
  const unit: AgreementUnit = p.get('unit') === 'character' ? 'character' : 'segment';
  const family = p.get('family') ?? '';
  const minOverlap = OVERLAPS.find((o) => o === p.get('minOverlap')) ?? '0.5';
  const coderParam = p.get('coders');
  const chosen = coderParam === null ? undefined : coderParam.split(',').filter((c) => c !== '');
  const set = (changes: Record<string, string | undefined>) =>
    navigate({ view: 'agreement', params: withParams(p, changes) });

  const base = `/api/studies/${encodeURIComponent(studyId)}`;
  const param = { id: studyId };
  const dims = useApiGet(studyApi.dimensions, { param, query: {} });
  const labelOf = useMemo(() => labeller(dims.status === 'ok' ? dims.data.families : []), [dims]);
  const query = {
    coders: chosen?.join(','),
    family: family === '' ? undefined : family,
    unit,
    minOverlap: unit === 'segment' ? minOverlap : undefined,
  };
  const state = useApiGet(studyApi.agreement, { param, query });
  const data = state.status === 'error' ? undefined : state.data;
  const studyCoders = data?.studyCoders ?? [];
  const selected = new Set(chosen ?? studyCoders);

  const toggleCoder = (coder: string) => {
    const next = new Set(selected);
    if (next.has(coder)) next.delete(coder);
    else next.add(coder);
    const list = studyCoders.filter((c) => next.has(c));
    set({ coders: list.length === studyCoders.length ? undefined : list.join(',') });
  };

  const enough = data !== undefined && data.coders.length >= 2;
  // The report as iwa agreement prints it: beside the tables when they show, else on its own
  // (its own errors, such as an unknown coder with a did-you-mean, show there).
  const report = (
    <AgreementReport
      studyId={studyId}
      coders={chosen}
      family={family}
      unit={unit}
      minOverlap={minOverlap}
      settings={reportSettings(p)}
      set={set}
    />
  );
  return (
    <div className="agreement-view">
      <AgreementToolbar
        studyCoders={studyCoders}
        selected={selected}
        toggleCoder={toggleCoder}
        families={dims.status === 'ok' ? dims.data.families : []}
        family={family}
        unit={unit}
        minOverlap={minOverlap}
        set={set}
        csvUrl={enough ? apiUrl(`${base}/agreement/export`, query) : undefined}
      />
      {state.status === 'error' && (
        <p role="alert" className="error">
          {state.error.message}{' '}
          {coderParam !== null && (
            <button type="button" className="link" onClick={() => set({ coders: undefined })}>
              Use every coder
            </button>
          )}
        </p>
      )}
      {state.status === 'loading' && data === undefined && <p className="muted">Loading…</p>}
      {data !== undefined && data.studyCoders.length < 2 && (
        <div className="agreement-notice" role="status">
          <h2>Agreement needs at least two coders</h2>
          <p>
            {data.studyCoders.length === 0
              ? 'Nobody has coded this study yet, '
              : `Every coding in this study is by one coder (${data.studyCoders.join(', ')}), `}
            so there is nothing to compare: percent agreement, Krippendorff&rsquo;s alpha and the
            kappas are undefined. To measure agreement, have a second coder code some of the same
            documents independently (in the Code view, or import their codings), then come back
            here.
          </p>
        </div>
      )}
      {data !== undefined && data.studyCoders.length >= 2 && !enough && (
        <div className="agreement-notice" role="status">
          <h2>Choose at least two coders</h2>
          <p>Agreement compares coders: tick a second coder above.</p>
        </div>
      )}
      {enough && (
        <div className="agreement-body" aria-busy={state.status === 'loading'}>
          <p className="agreement-summary">
            Coders <strong>{data.coders.join(', ')}</strong>
            {data.family !== null && (
              <>
                {' '}
                · family <strong>{humanise(data.family)}</strong>
              </>
            )}{' '}
            ·{' '}
            {data.unit === 'segment'
              ? `${data.units.toLocaleString('en-GB')} unit${data.units === 1 ? '' : 's'} (codings of different coders that overlap by at least ${Math.round((data.minOverlap ?? 0.5) * 100)}% of their union are one unit); each unit × code is one item`
              : `${data.units.toLocaleString('en-GB')} character${data.units === 1 ? '' : 's'}; each character × code is one item`}
            . Percent agreement is pairwise (the share of agreeing coder pairs), without chance
            correction.
          </p>
          {data.caveat !== null && (
            <aside className="agreement-caveat" role="note" aria-label="Caveat">
              <strong>Read with care.</strong> {data.caveat}
            </aside>
          )}
          <CodeTable data={data} />
          <DocumentTable data={data} />
          {report}
          {data.unit === 'segment' ? (
            <Disagreements
              key={`${data.family}|${data.minOverlap}|${data.coders.join(',')}`}
              data={data}
              studyId={studyId}
              labelOf={labelOf}
            />
          ) : (
            <p className="muted">
              The disagreement list is by unit: switch the unit to Segments to see it.
            </p>
          )}
        </div>
      )}
      {!enough && report}
    </div>
  );
}
