import { Suspense, lazy, useEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import type {
  DimensionInfo,
  DimensionsResponse,
  Labelled,
  MatrixCell,
  MatrixResponse,
  MatrixTable,
} from '../../shared/api-types.ts';
import { apiUrl } from '../api.ts';
import { studyApi, useApiGet } from '../api-client.ts';
import { residualColour, shareColour, textOn } from '../colours.ts';
import { CoderPicker, coderParams } from '../components/coder-picker.tsx';
import type { CoderParams } from '../components/coder-picker.tsx';
import { CsvLink } from '../components/csv-link.tsx';
import { downloadCanvasPng, fileName } from '../components/download.ts';
import { ExcerptList } from '../components/excerpt-list.tsx';
import { Segmented } from '../components/segmented.tsx';
import { SelectField } from '../components/select-field.tsx';
import { useExcerptPages } from '../components/use-excerpt-pages.ts';
import { formatP, formatPct, formatResidual, formatStat } from '../format.ts';
import { withParams } from '../route.ts';
import type { Route } from '../route.ts';

const NOTABLE = 1.96;

// Chart.js loads after the table: the numbers come first.
const ShareChart = lazy(() => import('./share-chart.tsx').then((m) => ({ default: m.ShareChart })));

/** A performance mark set when the first matrix is rendered. */
export const READY_MARK = 'iwa:matrix-ready';

type By = 'speaker' | 'performer';
type Unit = 'excerpts' | 'informants' | 'documents';
type PctMode = 'row' | 'col';
type ColourMode = 'share' | 'residual';

/** Dimensions whose values are every actor or document: not offered as axes (a URL may name them). */
const NOT_AN_AXIS = new Set(['speaker', 'performer', 'document']);

const UNIT_WORD: Record<Unit, [string, string]> = {
  excerpts: ['excerpt', 'excerpts'],
  informants: ['informant', 'informants'],
  documents: ['document', 'documents'],
};

interface Selected {
  table: MatrixTable;
  cell: MatrixCell;
  title: string;
}

export interface MatrixViewProps {
  studyId: string;
  route: Route;
  navigate: (route: Route) => void;
}

function pick<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return (allowed as readonly string[]).includes(value ?? '') ? (value as T) : fallback;
}

/** `unit=excerpt` of older links is `excerpts`. */
function unitOf(value: string | null): Unit {
  const v = value !== null && !value.endsWith('s') ? `${value}s` : value;
  return pick<Unit>(v, ['excerpts', 'informants', 'documents'], 'excerpts');
}

const KIND_LABEL: Record<DimensionInfo['kind'], string> = {
  actor: 'Position and case variables',
  codes: 'Code families',
  document: 'Document variables',
};

/** The dimensions as grouped <option>s (the current one kept even when not offered). */
function DimensionOptions(props: { dims: DimensionInfo[]; current: string; skip?: string }) {
  const offered = props.dims.filter((d) => !NOT_AN_AXIS.has(d.key) && d.key !== props.skip);
  const known = props.dims.some((d) => d.key === props.current);
  return (
    <>
      {!offered.some((d) => d.key === props.current) && props.current !== 'none' && (
        <option value={props.current}>
          {known ? props.dims.find((d) => d.key === props.current)?.label : props.current}
        </option>
      )}
      {(['actor', 'codes', 'document'] as const).map((kind) => {
        const list = offered.filter((d) => d.kind === kind);
        return list.length === 0 ? null : (
          <optgroup key={kind} label={KIND_LABEL[kind]}>
            {list.map((d) => (
              <option key={d.key} value={d.key}>
                {d.label}
              </option>
            ))}
          </optgroup>
        );
      })}
    </>
  );
}

/**
 * A split's tables as tabs: one table at a time, so a split fits the window and each header
 * row appears once.
 */
function LayerTabs({
  matrix: m,
  shown,
  onShow,
}: {
  matrix: MatrixResponse;
  shown: string;
  onShow: (layer: string) => void;
}) {
  return (
    <div className="layer-tabs" role="tablist" aria-label={`Tables by ${m.split?.label}`}>
      {m.tables.map((t) => (
        <button
          key={t.split ?? '(all)'}
          type="button"
          role="tab"
          data-layer={t.split ?? ''}
          aria-selected={(t.split ?? '') === shown}
          onClick={() => onShow(t.split ?? '')}
        >
          {t.split === null
            ? 'All'
            : (m.splitValues.find((v) => v.key === t.split)?.label ?? t.split)}
          <span className="layer-n">{t.total}</span>
        </button>
      ))}
    </div>
  );
}

/** The matrix view's options: the axes, the filter, whose position, the count, the colours. */
function MatrixToolbar(props: {
  rows: string;
  cols: string;
  split: string;
  by: By;
  unit: Unit;
  pctMode: PctMode;
  colourMode: ColourMode;
  where: string[];
  allDims: DimensionsResponse['dimensions'];
  filterDims: DimensionsResponse['dimensions'];
  set: (changes: Record<string, string | undefined>) => void;
  coderPicker: ReactNode;
  /** The matrix as CSV, from the server (the file `iwa matrix --format csv` prints). */
  csvUrl: string | undefined;
  /** Undefined while there is no matrix to export. */
  exportPng: (() => void) | undefined;
}) {
  const { rows, cols, split, by, unit, pctMode, colourMode, where, allDims, filterDims } = props;
  const { set, coderPicker, csvUrl, exportPng } = props;
  return (
    <div className="toolbar" role="group" aria-label="Matrix options">
      <SelectField label="Rows" value={rows} onChange={(v) => set({ rows: v })}>
        <DimensionOptions dims={allDims} current={rows} />
      </SelectField>
      <SelectField label="Columns" value={cols} onChange={(v) => set({ cols: v })}>
        <DimensionOptions dims={allDims} current={cols} />
      </SelectField>
      <SelectField label="Split by" value={split} onChange={(v) => set({ split: v })}>
        <option value="none">No split</option>
        <DimensionOptions dims={allDims} current={split} />
      </SelectField>
      <SelectField
        label="Only"
        value={where[0] ?? ''}
        onChange={(v) => set({ where: v === '' ? undefined : v })}
      >
        <option value="">No filter</option>
        {where[0] !== undefined &&
          !filterDims.some((x) => x.values.some((v) => `${x.key}=${v.key}` === where[0])) && (
            <option value={where[0]}>{where[0]}</option>
          )}
        {filterDims
          .filter((x) => x.key !== rows && x.key !== cols)
          .map((x) => (
            <optgroup key={x.key} label={x.label}>
              {x.values.map((v) => (
                <option key={v.key} value={`${x.key}=${v.key}`}>
                  {x.label}: {v.label}
                </option>
              ))}
            </optgroup>
          ))}
      </SelectField>
      <Segmented
        legend="Position of"
        value={by}
        options={[
          { value: 'speaker', label: 'Speaker' },
          { value: 'performer', label: 'Performer' },
        ]}
        onChange={(v) => set({ by: v })}
      />
      <Segmented
        legend="Count"
        value={unit}
        options={[
          { value: 'excerpts', label: 'Excerpts' },
          { value: 'informants', label: 'Informants' },
          { value: 'documents', label: 'Documents' },
        ]}
        onChange={(v) => set({ unit: v })}
      />
      <Segmented
        legend="Percent of"
        value={pctMode}
        options={[
          { value: 'row', label: 'Row' },
          { value: 'col', label: 'Column' },
        ]}
        onChange={(v) => set({ pct: v })}
      />
      <Segmented
        legend="Colour"
        value={colourMode}
        options={[
          { value: 'share', label: 'Share' },
          { value: 'residual', label: 'Residual' },
        ]}
        onChange={(v) => set({ colour: v })}
      />
      {/* the report header below says what was counted */}
      {coderPicker}
      <div className="toolbar-actions">
        <CsvLink href={csvUrl} />
        <button type="button" disabled={exportPng === undefined} onClick={exportPng}>
          Export chart PNG
        </button>
      </div>
    </div>
  );
}

/**
 * Any two dimensions of the study crossed, optionally one table per value of a third: the
 * report `iwa matrix` prints (the API answers with it), as heatmap tables with drill-down to the
 * excerpts of a cell.
 */
export function MatrixView({ studyId, route, navigate }: MatrixViewProps) {
  const p = route.params;
  const rows = p.get('rows') ?? 'role';
  const cols = p.get('cols') ?? 'form';
  const split = p.get('split') ?? 'none';
  const by = pick<By>(p.get('by'), ['speaker', 'performer'], 'speaker');
  const unit = unitOf(p.get('unit'));
  const pctMode = pick<PctMode>(p.get('pct'), ['row', 'col'], 'row');
  const colourMode = pick<ColourMode>(p.get('colour'), ['share', 'residual'], 'share');
  const where = p.getAll('where');
  const coders = coderParams(p);
  const set = (changes: Record<string, string | undefined>) =>
    navigate({ view: 'matrix', params: withParams(p, changes) });

  const base = `/api/studies/${encodeURIComponent(studyId)}`;
  const param = { id: studyId };
  const dims = useApiGet(studyApi.dimensions, { param, query: {} });
  const matrixQuery = {
    rows,
    cols,
    split: split === 'none' ? undefined : split,
    by,
    unit,
    where,
    coders: coders.coders,
    coderRule: coders.coderRule,
  };
  const matrix = useApiGet(studyApi.matrix, { param, query: matrixQuery });
  const [selected, setSelected] = useState<Selected | undefined>();
  const chartCanvas = useRef<HTMLCanvasElement | null>(null);

  const m = matrix.status === 'ok' || matrix.status === 'loading' ? matrix.data : undefined;

  useEffect(() => {
    // when the first table is on screen (once per page load)
    if (m !== undefined && performance.getEntriesByName(READY_MARK).length === 0) {
      performance.mark(READY_MARK);
    }
  }, [m]);
  const d = dims.status === 'ok' ? dims.data : undefined;
  const allDims = d?.dimensions ?? [];
  // what "Only" offers: one value of any dimension (position, code family, document variable)
  const filterDims = allDims.filter(
    (x) => !NOT_AN_AXIS.has(x.key) && x.key !== 'actorKind' && x.values.length > 0,
  );

  const [layer, setLayer] = useState('');
  const shownLayer =
    m !== undefined && m.tables.some((t) => (t.split ?? '') === layer)
      ? layer
      : (m?.tables[0]?.split ?? '');
  const title = (t: MatrixTable): string => {
    if (m === undefined || t.split === null || m.split === null) return 'All';
    const v = m.splitValues.find((x) => x.key === t.split);
    return `${m.split.label}: ${v?.label ?? t.split}`;
  };

  return (
    <div className="matrix-view">
      <MatrixToolbar
        {...{ rows, cols, split, by, unit, pctMode, colourMode, where, allDims, filterDims, set }}
        coderPicker={<CoderPicker route={route} navigate={navigate} dims={d} counted={undefined} />}
        csvUrl={m === undefined ? undefined : apiUrl(`${base}/matrix/export`, matrixQuery)}
        exportPng={
          m === undefined
            ? undefined
            : () =>
                chartCanvas.current &&
                downloadCanvasPng(
                  chartCanvas.current,
                  fileName([studyId, 'chart', rows, cols], 'png'),
                )
        }
      />

      {matrix.status === 'error' && (
        <div role="alert" className="error error-state" data-testid="matrix-error">
          <p>{matrix.error.message}</p>
          <p>
            <a href={`#/matrix?study=${encodeURIComponent(studyId)}`}>
              Back to the default matrix of this study
            </a>
          </p>
        </div>
      )}
      {m !== undefined && matrix.status !== 'error' && (
        <div className="matrix-body" aria-busy={matrix.status === 'loading'}>
          <ReportHeader matrix={m} />
          {m.split !== null && m.tables.length > 1 && (
            <LayerTabs matrix={m} shown={shownLayer} onShow={setLayer} />
          )}
          {m.tables.map((t) => (
            <section
              key={t.split ?? '(all)'}
              className="matrix-table"
              data-split={t.split ?? ''}
              aria-label={title(t)}
              hidden={m.split !== null && m.tables.length > 1 && (t.split ?? '') !== shownLayer}
            >
              {m.split !== null && <h2 className="table-title">{title(t)}</h2>}
              <StatsLine matrix={m} table={t} />
              <HeatmapTable
                matrix={m}
                table={t}
                caption={`${m.rows.label} × ${m.cols.label}${t.split === null ? '' : ` — ${title(t)}`}: ${m.unit} by ${m.by}`}
                pctMode={pctMode}
                colourMode={colourMode}
                selected={selected}
                onOpen={(cell) =>
                  setSelected({
                    table: t,
                    cell,
                    title: [
                      m.rowValues.find((v) => v.key === cell.row)?.label ?? cell.row,
                      m.colValues.find((v) => v.key === cell.col)?.label ?? cell.col,
                      t.split === null ? undefined : title(t),
                    ]
                      .filter(Boolean)
                      .join(' · '),
                  })
                }
              />
            </section>
          ))}
          <Legend colourMode={colourMode} pctMode={pctMode} />
          {m.tables[0] !== undefined && m.rowValues.length > 0 && (
            <Suspense fallback={<div className="chart-panel chart-loading" />}>
              <ShareChart matrix={m} canvasRef={chartCanvas} />
            </Suspense>
          )}
        </div>
      )}
      {selected !== undefined && (
        <ExcerptDrawer
          studyId={studyId}
          selected={selected}
          by={by}
          unit={unit}
          coders={coders}
          onClose={() => setSelected(undefined)}
        />
      )}
    </div>
  );
}

/** What was counted: the coders and their rule, the filters, and the report's notes. */
function ReportHeader({ matrix: m }: { matrix: MatrixResponse }) {
  return (
    <div className="report-header" data-testid="report-header">
      <p>
        <strong>
          {m.rows.label} × {m.cols.label}
          {m.split === null ? '' : `, one table per ${m.split.label.toLowerCase()}`}
        </strong>{' '}
        · {m.unit} by {m.by} · <span data-testid="matrix-coders">{m.coders.description}</span>
      </p>
      {m.where.length > 0 && (
        <p data-testid="matrix-where">
          Only {UNIT_WORD[m.unit][1]} where {m.where.join(' and ')}
        </p>
      )}
      <p className="muted">
        {m.matched} {UNIT_WORD[m.unit][m.matched === 1 ? 0 : 1]} matched
        {m.withoutValue > 0 ? `, ${m.withoutValue} of them in no cell` : ''}. Percentages divide by
        the distinct {UNIT_WORD[m.unit][1]} of the row (or column): the Total column.
      </p>
      {m.notes.length > 0 && (
        <ul className="notes" data-testid="matrix-notes">
          {m.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function StatsLine({ matrix: m, table: t }: { matrix: MatrixResponse; table: MatrixTable }) {
  const s = t.stats;
  return (
    <div className="stats" aria-label="Test of independence" data-testid="stats">
      {s.chiSquare === null || s.df === null || s.p === null ? (
        <p>No χ² test for this table.</p>
      ) : (
        <p>
          <span>
            χ² = <strong data-stat="chiSquare">{formatStat(s.chiSquare)}</strong>
          </span>
          <span data-stat="df">df = {s.df}</span>
          <span data-stat="p">{formatP(s.p)}</span>
          {s.cramersV !== null && (
            <span>
              Cramér’s V = <strong data-stat="cramersV">{formatStat(s.cramersV)}</strong>
            </span>
          )}
          {s.fisherP !== null && <span>Fisher {formatP(s.fisherP)}</span>}
          <span data-stat="n">
            n = {s.n} (the sum of the cells; {t.total} distinct {m.unit})
          </span>
        </p>
      )}
      {s.warnings.length > 0 && (
        <ul className="warnings">
          {s.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

interface HeatmapTableProps {
  matrix: MatrixResponse;
  table: MatrixTable;
  caption: string;
  pctMode: PctMode;
  colourMode: ColourMode;
  selected: Selected | undefined;
  onOpen: (cell: MatrixCell) => void;
}

/** A margin: the distinct units, and the cell sum beside it where it differs. */
function MarginValue({ count, cellSum }: { count: number; cellSum: number }) {
  return (
    <>
      <span className="margin-count">{count}</span>
      {cellSum !== count && (
        <span className="cell-sum" title="The sum of the cells">
          {' '}
          (cells {cellSum})
        </span>
      )}
    </>
  );
}

/**
 * Arrow keys, Home and End move the focus over a grid of `size` (rows, columns) cells; Enter
 * and Space open the focused cell. Cells register in `cellRefs` under `row:col`.
 */
function useGridFocus(size: readonly [number, number], open: (r: number, c: number) => void) {
  const [focus, setFocus] = useState<[number, number]>([0, 0]);
  const cellRefs = useRef(new Map<string, HTMLTableCellElement>());
  const moved = useRef(false);

  useEffect(() => {
    if (!moved.current) return;
    cellRefs.current.get(`${focus[0]}:${focus[1]}`)?.focus();
    moved.current = false;
  }, [focus]);

  const onKeyDown = (e: KeyboardEvent<HTMLTableCellElement>, r: number, c: number) => {
    const last = [size[0] - 1, size[1] - 1] as const;
    const moves: Record<string, [number, number]> = {
      ArrowUp: [Math.max(0, r - 1), c],
      ArrowDown: [Math.min(last[0], r + 1), c],
      ArrowLeft: [r, Math.max(0, c - 1)],
      ArrowRight: [r, Math.min(last[1], c + 1)],
      Home: [r, 0],
      End: [r, last[1]],
    };
    const to = moves[e.key];
    if (to !== undefined) {
      e.preventDefault();
      moved.current = true;
      setFocus(to);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      open(r, c);
    }
  };
  return { focus, setFocus, cellRefs, onKeyDown };
}

function HeatmapTable(props: HeatmapTableProps) {
  const { matrix: m, table: t, pctMode, colourMode } = props;
  const rows: Labelled[] = m.rowValues;
  const columns: Labelled[] = m.colValues;
  const index = useMemo(() => {
    const map = new Map<string, MatrixCell>();
    for (const c of t.cells) map.set(`${c.row}\u0000${c.col}`, c);
    return map;
  }, [t]);
  const cellAt = (r: number, c: number) => {
    const row = rows[r];
    const col = columns[c];
    return row === undefined || col === undefined
      ? undefined
      : index.get(`${row.key}\u0000${col.key}`);
  };

  const open = (r: number, c: number) => {
    const cell = cellAt(r, c);
    if (cell !== undefined) props.onOpen(cell);
  };

  const { focus, setFocus, cellRefs, onKeyDown } = useGridFocus(
    [rows.length, columns.length],
    open,
  );

  const rowTotal = new Map(t.rowTotals.map((x) => [x.row, x]));
  const colTotal = new Map(t.colTotals.map((x) => [x.col, x]));
  const [one, many] = UNIT_WORD[m.unit];

  return (
    <div className="table-scroll">
      <table className="heatmap" data-split={t.split ?? ''} aria-describedby="heatmap-help">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="corner">
              {m.rows.label}
            </th>
            {columns.map((col) => (
              <th key={col.key} scope="col" className="col-head">
                {col.label}
              </th>
            ))}
            <th scope="col" className="total" title={`Distinct ${many} of the row`}>
              Total
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, r) => (
            <tr key={row.key}>
              <th scope="row">{row.label}</th>
              {columns.map((col, c) => {
                const cell = index.get(`${row.key}\u0000${col.key}`);
                const count = cell?.count ?? 0;
                const pct = (pctMode === 'row' ? cell?.rowPct : cell?.colPct) ?? null;
                const residual = cell?.residual ?? null;
                const bg =
                  colourMode === 'share' ? shareColour(pct ?? 0) : residualColour(residual ?? 0);
                const notable = residual !== null && Math.abs(residual) >= NOTABLE;
                const isSelected =
                  props.selected?.table === t &&
                  props.selected.cell.row === row.key &&
                  props.selected.cell.col === col.key;
                return (
                  <td
                    key={col.key}
                    ref={(el) => {
                      if (el) cellRefs.current.set(`${r}:${c}`, el);
                    }}
                    tabIndex={focus[0] === r && focus[1] === c ? 0 : -1}
                    className={`cell${isSelected ? ' selected' : ''}${count === 0 ? ' empty' : ''}`}
                    style={{ background: bg, color: textOn(bg) }}
                    data-row={row.key}
                    data-col={col.key}
                    data-count={count}
                    aria-label={`${row.label}, ${col.label}: ${count} ${count === 1 ? one : many}${pct === null ? '' : `, ${formatPct(pct)} of ${pctMode === 'row' ? 'row' : 'column'}`}${residual === null ? '' : `, residual ${formatResidual(residual)}`}`}
                    onClick={() => {
                      setFocus([r, c]);
                      open(r, c);
                    }}
                    onFocus={() => setFocus([r, c])}
                    onKeyDown={(e) => onKeyDown(e, r, c)}
                  >
                    <span className="count">{count}</span>
                    <span className="pct">
                      {pct === null ? '–' : formatPct(pct)}
                      {notable && (
                        <span
                          className={`mark ${residual > 0 ? 'over' : 'under'}`}
                          title={`Adjusted residual ${formatResidual(residual)}`}
                        >
                          {residual > 0 ? '▲' : '▼'}
                          {formatResidual(residual)}
                        </span>
                      )}
                    </span>
                  </td>
                );
              })}
              <td className="total row-total" data-row={row.key}>
                <MarginValue
                  count={rowTotal.get(row.key)?.count ?? 0}
                  cellSum={rowTotal.get(row.key)?.cellSum ?? 0}
                />
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            {columns.map((col) => (
              <td key={col.key} className="total col-total" data-col={col.key}>
                <MarginValue
                  count={colTotal.get(col.key)?.count ?? 0}
                  cellSum={colTotal.get(col.key)?.cellSum ?? 0}
                />
              </td>
            ))}
            <td className="total grand">
              <MarginValue count={t.total} cellSum={t.cellSum} />
            </td>
          </tr>
        </tfoot>
      </table>
      <p id="heatmap-help" className="help">
        Arrow keys move between cells; Enter lists a cell’s excerpts. Totals are distinct {many};
        “cells” is the sum of the cells where a unit falls in more than one.
      </p>
    </div>
  );
}

function Legend({ colourMode, pctMode }: { colourMode: ColourMode; pctMode: PctMode }) {
  return (
    <div className="legend" aria-label="Legend">
      {colourMode === 'share' ? (
        <span className="scale">
          <span>0%</span>
          <span className="ramp ramp-share" aria-hidden="true" />
          <span>100% of {pctMode === 'row' ? 'row' : 'column'}</span>
        </span>
      ) : (
        <span className="scale">
          <span>fewer than expected</span>
          <span className="ramp ramp-residual" aria-hidden="true" />
          <span>more than expected</span>
        </span>
      )}
      <span>
        <span className="mark over">▲</span> / <span className="mark under">▼</span> adjusted
        residual above {NOTABLE} / below −{NOTABLE}
      </span>
    </div>
  );
}

/** The excerpts of one cell: the excerpts route with the cell's own `where` list. */
function ExcerptDrawer(props: {
  studyId: string;
  selected: Selected;
  by: By;
  unit: Unit;
  coders: CoderParams;
  onClose: () => void;
}) {
  const { selected } = props;
  // the cell's excerpts, as they are asked for (a new cell or choice of coders: a new list)
  const cell = JSON.stringify([selected.cell.where, props.by, props.coders]);
  const pages = useExcerptPages({
    studyId: props.studyId,
    query: {
      where: selected.cell.where,
      by: props.by,
      coders: props.coders.coders,
      coderRule: props.coders.coderRule,
    },
  });
  const heading = useRef<HTMLHeadingElement>(null);
  const opener = useRef<Element | null>(null);

  useEffect(() => {
    opener.current = document.activeElement;
    heading.current?.focus();
    return () => {
      if (opener.current instanceof HTMLElement) opener.current.focus();
    };
  }, [cell]);

  return (
    <aside
      className="drawer"
      aria-labelledby="drawer-title"
      onKeyDown={(e) => {
        if (e.key === 'Escape') props.onClose();
      }}
    >
      <header>
        <h2 id="drawer-title" ref={heading} tabIndex={-1}>
          {selected.title}
        </h2>
        <button type="button" onClick={props.onClose} aria-label="Close excerpts">
          ×
        </button>
      </header>
      <p className="drawer-sub" data-testid="drawer-sub">
        {pages.total} excerpt{pages.total === 1 ? '' : 's'} · {selected.cell.where.join(' & ')}
        {props.unit !== 'excerpts' &&
          ` · the cell counts ${selected.cell.count} ${UNIT_WORD[props.unit][selected.cell.count === 1 ? 0 : 1]}`}
      </p>
      {pages.error !== undefined && (
        <p role="alert" className="error">
          {pages.error.message}
        </p>
      )}
      <ExcerptList
        studyId={props.studyId}
        items={pages.items}
        total={pages.total}
        loading={pages.loading}
        onMore={pages.more}
      />
    </aside>
  );
}
