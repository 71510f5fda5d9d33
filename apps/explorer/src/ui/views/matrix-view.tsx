import { Suspense, lazy, useEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type {
  DimensionsResponse,
  Labelled,
  MatrixCell,
  MatrixResponse,
} from '../../shared/api-types.ts';
import { apiUrl, useApi } from '../api.ts';
import { PURPOSE_COLOURS, residualColour, shareColour, textOn } from '../colours.ts';
import { downloadCanvasPng, downloadCsv, fileName } from '../components/download.ts';
import { ExcerptList } from '../components/excerpt-list.tsx';
import { Segmented } from '../components/segmented.tsx';
import { SelectField } from '../components/select-field.tsx';
import { useExcerptPages } from '../components/use-excerpt-pages.ts';
import { formatP, formatPct, formatResidual, formatStat, humanise } from '../format.ts';
import { withParams } from '../route.ts';
import type { Route } from '../route.ts';

const NOTABLE = 1.96;

// Chart.js loads after the table: the numbers come first.
const ShareChart = lazy(() => import('./share-chart.tsx').then((m) => ({ default: m.ShareChart })));

/** A performance mark set when the first matrix is rendered. */
export const READY_MARK = 'iwa:matrix-ready';

type By = 'speaker' | 'performer';
type Unit = 'excerpt' | 'informant' | 'document';
type PctMode = 'row' | 'col';
type ColourMode = 'share' | 'residual';

interface Column {
  col: Labelled;
  split: Labelled | undefined;
}

interface Selected {
  row: Labelled;
  col: Labelled;
  split: Labelled | undefined;
  count: number;
}

export interface MatrixViewProps {
  studyId: string;
  route: Route;
  navigate: (route: Route) => void;
}

function pick<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return (allowed as readonly string[]).includes(value ?? '') ? (value as T) : fallback;
}

/** Position × form of work, split by purpose: a heatmap table with drill-down to excerpts. */
export function MatrixView({ studyId, route, navigate }: MatrixViewProps) {
  const p = route.params;
  const rows = p.get('rows') ?? 'role';
  const cols = p.get('cols') ?? 'form';
  const split = p.get('split') ?? 'purpose';
  const by = pick<By>(p.get('by'), ['speaker', 'performer'], 'speaker');
  const unit = pick<Unit>(p.get('unit'), ['excerpt', 'informant', 'document'], 'excerpt');
  const pctMode = pick<PctMode>(p.get('pct'), ['row', 'col'], 'row');
  const colourMode = pick<ColourMode>(p.get('colour'), ['share', 'residual'], 'share');
  const where = p.getAll('where');
  const set = (changes: Record<string, string | undefined>) =>
    navigate({ view: 'matrix', params: withParams(p, changes) });

  const base = `/api/studies/${encodeURIComponent(studyId)}`;
  const dims = useApi<DimensionsResponse>(`${base}/dimensions`);
  const matrix = useApi<MatrixResponse>(
    apiUrl(`${base}/matrix`, {
      rows,
      cols,
      split: split === 'none' ? undefined : split,
      by,
      unit,
      where,
    }),
  );
  const [selected, setSelected] = useState<Selected | undefined>();
  const chartCanvas = useRef<HTMLCanvasElement | null>(null);

  const m = matrix.status === 'ok' || matrix.status === 'loading' ? matrix.data : undefined;

  useEffect(() => {
    // For the load-time check: when the first table is on screen (once per page load).
    if (m !== undefined && performance.getEntriesByName(READY_MARK).length === 0) {
      performance.mark(READY_MARK);
    }
  }, [m]);
  const d = dims.status === 'ok' ? dims.data : undefined;
  const rowDimLabel = d?.position.find((x) => x.key === rows)?.label ?? humanise(rows);
  const colLabel = d?.families.find((x) => x.key === cols)?.label ?? humanise(cols);
  const splitLabel = d?.families.find((x) => x.key === split)?.label;

  const exportCsv = () => {
    if (m === undefined) return;
    const label = (list: Labelled[], key: string | undefined) =>
      list.find((x) => x.key === key)?.label ?? key ?? '';
    downloadCsv(
      [
        [
          'row',
          'row_label',
          'col',
          'col_label',
          'split',
          'split_label',
          'count',
          'row_pct',
          'col_pct',
          'residual',
          'unit',
          'by',
        ],
        ...m.cells.map((c) => [
          c.row,
          label(m.rows, c.row),
          c.col,
          label(m.cols, c.col),
          c.split ?? '',
          label(m.splits, c.split),
          c.count,
          c.rowPct.toFixed(2),
          c.colPct.toFixed(2),
          c.residual?.toFixed(3) ?? '',
          m.unit,
          m.by,
        ]),
      ],
      fileName(
        [studyId, 'matrix', rows, cols, split === 'none' ? undefined : split, by, unit],
        'csv',
      ),
    );
  };

  return (
    <div className="matrix-view">
      <div className="toolbar" role="group" aria-label="Matrix options">
        <SelectField label="Rows (position)" value={rows} onChange={(v) => set({ rows: v })}>
          {(d?.position ?? [{ key: rows, label: rowDimLabel }]).map((x) => (
            <option key={x.key} value={x.key}>
              {x.label}
            </option>
          ))}
        </SelectField>
        <SelectField label="Columns" value={cols} onChange={(v) => set({ cols: v })}>
          {(d?.families ?? [{ key: cols, label: colLabel }]).map((x) => (
            <option key={x.key} value={x.key}>
              {x.label}
            </option>
          ))}
        </SelectField>
        <SelectField label="Split by" value={split} onChange={(v) => set({ split: v })}>
          <option value="none">No split</option>
          {(d?.families ?? [])
            .filter((x) => x.key !== cols)
            .map((x) => (
              <option key={x.key} value={x.key}>
                {x.label}
              </option>
            ))}
        </SelectField>
        <SelectField
          label="Only"
          value={where[0] ?? ''}
          onChange={(v) => set({ where: v === '' ? undefined : v })}
        >
          <option value="">Everyone</option>
          {(d?.position ?? [])
            .filter((x) => x.key !== rows)
            .map((x) => (
              <optgroup key={x.key} label={x.label}>
                {x.values.map((v) => (
                  <option key={v.key} value={`${x.key}:${v.key}`}>
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
            { value: 'excerpt', label: 'Excerpts' },
            { value: 'informant', label: 'Informants' },
            { value: 'document', label: 'Documents' },
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
        <div className="toolbar-actions">
          <button type="button" onClick={exportCsv} disabled={m === undefined}>
            Export CSV
          </button>
          <button
            type="button"
            disabled={m === undefined}
            onClick={() =>
              chartCanvas.current &&
              downloadCanvasPng(
                chartCanvas.current,
                fileName([studyId, 'chart', rows, split], 'png'),
              )
            }
          >
            Export chart PNG
          </button>
        </div>
      </div>

      {matrix.status === 'error' && (
        <p role="alert" className="error">
          {matrix.error.message}
        </p>
      )}
      {m !== undefined && (
        <div className="matrix-body" aria-busy={matrix.status === 'loading'}>
          <StatsLine matrix={m} />
          <HeatmapTable
            matrix={m}
            caption={`${rowDimLabel} × ${colLabel}${m.splits.length > 0 && splitLabel !== undefined ? `, split by ${splitLabel}` : ''}: ${m.unit}s by ${m.by}`}
            rowDimLabel={rowDimLabel}
            pctMode={pctMode}
            colourMode={colourMode}
            selected={selected}
            onOpen={setSelected}
          />
          <Legend colourMode={colourMode} pctMode={pctMode} />
          <Suspense fallback={<div className="chart-panel chart-loading" />}>
            <ShareChart
              matrix={m}
              rowDimLabel={rowDimLabel}
              groupLabel={m.splits.length > 0 && splitLabel !== undefined ? splitLabel : colLabel}
              canvasRef={chartCanvas}
            />
          </Suspense>
        </div>
      )}
      {selected !== undefined && (
        <ExcerptDrawer
          studyId={studyId}
          selected={selected}
          rowDim={rows}
          by={by}
          where={where}
          unit={unit}
          onClose={() => setSelected(undefined)}
        />
      )}
    </div>
  );
}

function StatsLine({ matrix }: { matrix: MatrixResponse }) {
  const s = matrix.stats;
  return (
    <div className="stats" aria-label="Test of independence">
      {s === null ? (
        <p>No test: the table needs at least two non-empty rows and columns.</p>
      ) : (
        <p>
          <span>
            χ² = <strong>{formatStat(s.chiSquare)}</strong>
          </span>
          <span>df = {s.df}</span>
          <span>{formatP(s.p)}</span>
          <span>
            Cramér’s V = <strong>{formatStat(s.cramersV)}</strong>
          </span>
          <span>
            n = {matrix.total} ({matrix.unit}s by {matrix.by})
          </span>
        </p>
      )}
      {s !== null && s.warnings.length > 0 && (
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
  caption: string;
  rowDimLabel: string;
  pctMode: PctMode;
  colourMode: ColourMode;
  selected: Selected | undefined;
  onOpen: (cell: Selected) => void;
}

function HeatmapTable(props: HeatmapTableProps) {
  const { matrix: m, pctMode, colourMode } = props;
  const columns: Column[] = useMemo(
    () =>
      m.cols.flatMap((col): Column[] =>
        m.splits.length === 0
          ? [{ col, split: undefined }]
          : m.splits.map((split) => ({ col, split })),
      ),
    [m],
  );
  const index = useMemo(() => {
    const map = new Map<string, MatrixCell>();
    for (const c of m.cells) map.set(`${c.row}|${c.col}|${c.split ?? ''}`, c);
    return map;
  }, [m]);
  const [focus, setFocus] = useState<[number, number]>([0, 0]);
  const cellRefs = useRef(new Map<string, HTMLTableCellElement>());
  const moved = useRef(false);

  useEffect(() => {
    if (!moved.current) return;
    cellRefs.current.get(`${focus[0]}:${focus[1]}`)?.focus();
    moved.current = false;
  }, [focus]);

  const cellAt = (r: number, c: number) => {
    const row = m.rows[r];
    const column = columns[c];
    if (row === undefined || column === undefined) return undefined;
    return {
      row,
      column,
      cell: index.get(`${row.key}|${column.col.key}|${column.split?.key ?? ''}`),
    };
  };

  const open = (r: number, c: number) => {
    const at = cellAt(r, c);
    if (at === undefined) return;
    props.onOpen({
      row: at.row,
      col: at.column.col,
      split: at.column.split,
      count: at.cell?.count ?? 0,
    });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTableCellElement>, r: number, c: number) => {
    const last = [m.rows.length - 1, columns.length - 1] as const;
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

  const rowTotal = new Map(m.rowTotals.map((t) => [t.row, t.count]));
  const colTotal = new Map(m.colTotals.map((t) => [t.col, t.count]));
  const split = m.splits.length > 0;

  return (
    <div className="table-scroll">
      <table className="heatmap" aria-describedby="heatmap-help">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col" rowSpan={split ? 2 : 1} className="corner">
              {props.rowDimLabel}
            </th>
            {m.cols.map((col) => (
              <th
                key={col.key}
                scope="colgroup"
                colSpan={split ? m.splits.length : 1}
                className="col-head"
              >
                {col.label}
              </th>
            ))}
            <th scope="col" rowSpan={split ? 2 : 1} className="total">
              Total
            </th>
          </tr>
          {split && (
            <tr>
              {columns.map(({ col, split: s }) => (
                <th key={`${col.key}|${s?.key}`} scope="col" className="split-head">
                  <span
                    className="swatch"
                    style={{
                      background: PURPOSE_COLOURS[(s?.key ?? '').split('.')[1] ?? ''] ?? '#9ca3af',
                    }}
                    aria-hidden="true"
                  />
                  {s?.label}
                </th>
              ))}
            </tr>
          )}
        </thead>
        <tbody>
          {m.rows.map((row, r) => (
            <tr key={row.key}>
              <th scope="row">{row.label}</th>
              {columns.map((column, c) => {
                const cell = index.get(`${row.key}|${column.col.key}|${column.split?.key ?? ''}`);
                const count = cell?.count ?? 0;
                const pct = (pctMode === 'row' ? cell?.rowPct : cell?.colPct) ?? 0;
                const residual = cell?.residual;
                const bg =
                  colourMode === 'share' ? shareColour(pct) : residualColour(residual ?? 0);
                const notable = residual !== undefined && Math.abs(residual) >= NOTABLE;
                const isSelected =
                  props.selected?.row.key === row.key &&
                  props.selected.col.key === column.col.key &&
                  props.selected.split?.key === column.split?.key;
                const name = [row.label, column.col.label, column.split?.label]
                  .filter(Boolean)
                  .join(', ');
                return (
                  <td
                    key={c}
                    ref={(el) => {
                      if (el) cellRefs.current.set(`${r}:${c}`, el);
                    }}
                    tabIndex={focus[0] === r && focus[1] === c ? 0 : -1}
                    className={`cell${isSelected ? ' selected' : ''}${count === 0 ? ' empty' : ''}`}
                    style={{ background: bg, color: textOn(bg) }}
                    data-row={row.key}
                    data-col={column.col.key}
                    data-split={column.split?.key}
                    data-count={count}
                    aria-label={`${name}: ${count} ${m.unit}${count === 1 ? '' : 's'}, ${formatPct(pct)} of ${pctMode === 'row' ? 'row' : 'column'}${residual === undefined ? '' : `, residual ${formatResidual(residual)}`}`}
                    onClick={() => {
                      setFocus([r, c]);
                      open(r, c);
                    }}
                    onFocus={() => setFocus([r, c])}
                    onKeyDown={(e) => onKeyDown(e, r, c)}
                  >
                    <span className="count">{count}</span>
                    <span className="pct">
                      {formatPct(pct)}
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
              <td className="total">{rowTotal.get(row.key) ?? 0}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            {m.cols.map((col) => (
              <td key={col.key} colSpan={split ? m.splits.length : 1} className="total">
                {colTotal.get(col.key) ?? 0}
              </td>
            ))}
            <td className="total grand">{m.total}</td>
          </tr>
        </tfoot>
      </table>
      <p id="heatmap-help" className="help">
        Arrow keys move between cells; Enter lists a cell’s excerpts.
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

function ExcerptDrawer(props: {
  studyId: string;
  selected: Selected;
  rowDim: string;
  by: By;
  where: string[];
  unit: Unit;
  onClose: () => void;
}) {
  const { selected } = props;
  const url = apiUrl(`/api/studies/${encodeURIComponent(props.studyId)}/excerpts`, {
    row: selected.row.key,
    rowDim: props.rowDim,
    col: selected.col.key,
    split: selected.split?.key,
    by: props.by,
    where: props.where,
  });
  const pages = useExcerptPages(url);
  const heading = useRef<HTMLHeadingElement>(null);
  const opener = useRef<Element | null>(null);

  useEffect(() => {
    opener.current = document.activeElement;
    heading.current?.focus();
    return () => {
      if (opener.current instanceof HTMLElement) opener.current.focus();
    };
  }, [url]);

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
          {[selected.row.label, selected.col.label, selected.split?.label]
            .filter(Boolean)
            .join(' · ')}
        </h2>
        <button type="button" onClick={props.onClose} aria-label="Close excerpts">
          ×
        </button>
      </header>
      <p className="drawer-sub">
        {pages.total} excerpt{pages.total === 1 ? '' : 's'} · position of the {props.by}
        {props.unit !== 'excerpt' && ` · the cell counts ${selected.count} ${props.unit}s`}
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
