import type {
  AgreementMeasure,
  AgreementReportCell,
  AgreementReportTable,
  AgreementSpans,
} from '../../shared/api-types.ts';
import { studyApi, useApiGet } from '../api-client.ts';
import { download, fileName } from '../components/download.ts';
import { Segmented } from '../components/segmented.tsx';
import { SelectField } from '../components/select-field.tsx';

/** The measures of `iwa agreement --measure`, as the tab offers them. */
export const MEASURES: readonly { value: AgreementMeasure; label: string }[] = [
  { value: 'presence', label: 'Each code present/absent' },
  { value: 'family', label: 'Each family as one nominal variable' },
  { value: 'code-set', label: 'Code sets per family (MASI, Jaccard)' },
  { value: 'unitizing', label: 'Unitizing (uα, |uα, cuα; gaps included)' },
];

/** The report's own settings, read from and written to the URL. */
export interface ReportSettings {
  measure: AgreementMeasure;
  spans: AgreementSpans;
  ci: boolean;
}

/** The report settings in the route's parameters (defaults as `iwa agreement`'s). */
export function reportSettings(p: URLSearchParams): ReportSettings {
  const measure = MEASURES.find((m) => m.value === p.get('measure'))?.value ?? 'presence';
  return {
    measure,
    spans: p.get('spans') === 'both-coded' ? 'both-coded' : 'all',
    ci: p.get('ci') === '1',
  };
}

/** A cell as the CLI prints it: percentages with one decimal, coefficients with three. */
function shown(cell: AgreementReportCell, header: string): string {
  if (cell === null) return 'undefined';
  if (typeof cell === 'string') return cell;
  if (header === '% agree') return `${cell.toFixed(1)}%`;
  const coefficient = /alpha|kappa|AC1|pi|Brennan|P\(/.test(header);
  const s = Number.isInteger(cell) && !coefficient ? cell.toLocaleString('en-GB') : cell.toFixed(3);
  return s.replace(/^-/, '−');
}

function ReportTable(props: { table: AgreementReportTable; index: number }) {
  const { table } = props;
  const id = `agreement-report-${props.index}`;
  return (
    <section
      className="agreement-report-table"
      aria-labelledby={`${id}-title`}
      style={{ minWidth: 0 }}
    >
      <h3 id={`${id}-title`}>{table.title}</h3>
      <p className="agreement-settings muted">{table.settings}</p>
      <div className="table-scroll">
        <table
          className="agreement-table agreement-report"
          data-title={table.title}
          aria-describedby={`${id}-title`}
        >
          <thead>
            <tr>
              {table.header.map((h, i) => (
                <th key={i} scope="col" className={i === 0 ? undefined : 'num'}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row, r) => (
              <tr key={r}>
                {row.map((cell, i) =>
                  i === 0 ? (
                    <th key={i} scope="row">
                      {shown(cell, table.header[i] ?? '')}
                    </th>
                  ) : (
                    <td
                      key={i}
                      className={cell === null ? 'num undefined' : 'num'}
                      data-col={table.header[i]}
                      {...(typeof cell === 'number' ? { 'data-value': cell } : {})}
                    >
                      {shown(cell, table.header[i] ?? '')}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {table.notes.length > 0 && (
        <ul className="agreement-reasons" aria-label="Why values are undefined">
          {table.notes.map((n) => (
            <li key={n}>undefined: {n}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * The agreement report as `iwa agreement` prints it: the measure, spans and bootstrap chosen
 * here, the tables computed by the same services function as the CLI, each stated with its
 * settings, and the same CSV. A coder or family the study does not have is an error with the
 * services' did-you-mean.
 */
export function AgreementReport(props: {
  studyId: string;
  coders: readonly string[] | undefined;
  family: string;
  unit: 'segment' | 'character';
  minOverlap: string;
  settings: ReportSettings;
  set: (changes: Record<string, string | undefined>) => void;
}) {
  const { settings, unit, set } = props;
  const segmentOnly = unit === 'character';
  const state = useApiGet(studyApi.agreement.report, {
    param: { id: props.studyId },
    query: {
      coders: props.coders?.join(','),
      family: props.family === '' ? undefined : props.family,
      unit,
      minOverlap: unit === 'segment' ? props.minOverlap : undefined,
      measure: segmentOnly ? undefined : settings.measure,
      spans: segmentOnly ? undefined : settings.spans,
      ci: settings.ci ? '1' : undefined,
    },
  });
  const data = state.status === 'error' ? undefined : state.data;
  const exportCsv = () =>
    data &&
    download(
      new Blob([data.csv], { type: 'text/csv;charset=utf-8' }),
      fileName(
        [props.studyId, 'agreement', data.measure, data.spans, props.family || undefined],
        'csv',
      ),
    );
  return (
    // minWidth 0: a grid item may shrink below its wide tables, which scroll in their box.
    <section
      className="agreement-report"
      aria-labelledby="agreement-report-title"
      style={{ minWidth: 0 }}
    >
      <h2 id="agreement-report-title">Report (as iwa agreement prints it)</h2>
      <div className="toolbar" role="group" aria-label="Report options">
        <SelectField
          label="Measure"
          value={segmentOnly ? 'presence' : settings.measure}
          disabled={segmentOnly}
          onChange={(v) => set({ measure: v === 'presence' ? undefined : v })}
        >
          {MEASURES.map((m) => (
            <option key={m.value} value={m.value}>
              {m.label}
            </option>
          ))}
        </SelectField>
        <Segmented
          legend="Spans"
          value={settings.spans}
          options={[
            { value: 'all', label: 'All units' },
            { value: 'both-coded', label: 'Both coded' },
          ]}
          onChange={(v) => set({ spans: v === 'all' ? undefined : v })}
        />
        <label className="agreement-ci">
          <input
            type="checkbox"
            checked={settings.ci}
            onChange={(e) => set({ ci: e.target.checked ? '1' : undefined })}
          />
          Bootstrap CIs and P(α &lt; 0.667, 0.8)
        </label>
        <div className="toolbar-actions">
          <button type="button" onClick={exportCsv} disabled={data === undefined}>
            Download report CSV
          </button>
        </div>
      </div>
      {state.status === 'error' && (
        <p role="alert" className="error agreement-report-error">
          {state.error.message}
        </p>
      )}
      {state.status === 'loading' && data === undefined && <p className="muted">Computing…</p>}
      {data !== undefined && (
        <div className="agreement-report-tables" aria-busy={state.status === 'loading'}>
          {data.tables.map((t, i) => (
            <ReportTable key={`${t.title}|${i}`} table={t} index={i} />
          ))}
        </div>
      )}
    </section>
  );
}
