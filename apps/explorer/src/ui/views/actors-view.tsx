import cytoscape from 'cytoscape';
import type { Core, ElementDefinition, StylesheetJson } from 'cytoscape';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { ActorNode, ActorsResponse, RelationType } from '../../shared/api-types.ts';
import { studyApi, useApiGet } from '../api-client.ts';
import { CoderPicker, coderParams } from '../components/coder-picker.tsx';
import type { CoderParams } from '../components/coder-picker.tsx';
import { categoryColour } from '../colours.ts';
import { download, fileName } from '../components/download.ts';
import { ExcerptList } from '../components/excerpt-list.tsx';
import { ProfileChart } from '../components/profile-chart.tsx';
import { Segmented } from '../components/segmented.tsx';
import { SelectField } from '../components/select-field.tsx';
import { formatPosition, humanise } from '../format.ts';
import { withParams } from '../route.ts';
import type { Route } from '../route.ts';

/** The graph's label size in model units, and the least it may show on screen at the default zoom. */
const LABEL_FONT_PX = 12;
const LABEL_MIN_PX = 11;

const RELATIONS: readonly RelationType[] = [
  'employed_by',
  'dual_employment',
  'enlists',
  'advises',
  'collaborates_with',
  'reports_to',
  'attends',
  'co_located_with',
];

/** How each relation is drawn: colour, line style and whether it points. */
const EDGE_STYLE: Record<
  RelationType,
  { colour: string; line: 'solid' | 'dashed' | 'dotted'; arrow: boolean }
> = {
  employed_by: { colour: '#9ca3af', line: 'solid', arrow: true },
  dual_employment: { colour: '#000000', line: 'dashed', arrow: true },
  enlists: { colour: '#D55E00', line: 'solid', arrow: true },
  advises: { colour: '#0072B2', line: 'dashed', arrow: true },
  collaborates_with: { colour: '#CC79A7', line: 'solid', arrow: false },
  reports_to: { colour: '#6b7280', line: 'dotted', arrow: true },
  attends: { colour: '#009E73', line: 'dotted', arrow: true },
  co_located_with: { colour: '#E69F00', line: 'dashed', arrow: false },
};

const CYTOSCAPE_STYLESHEET_ID = '__________cytoscape_stylesheet';
const NO_VALUE = '#d1d5db';

const SHAPES = { informant: 'ellipse', organisation: 'round-rectangle', group: 'diamond' } as const;

type ColourBy = 'role' | 'sector';

export interface ActorsViewProps {
  studyId: string;
  route: Route;
  navigate: (route: Route) => void;
}

function nodeColour(key: string, keys: readonly string[]): string {
  return key === 'none'
    ? NO_VALUE
    : categoryColour(
        key,
        keys.filter((k) => k !== 'none'),
      );
}

function colourKey(node: ActorNode, by: ColourBy): string {
  return (
    (by === 'sector' ? (node.sector ?? node.position?.['sector']) : node.position?.['role']) ??
    'none'
  );
}

/** The graph's nodes (coloured by `colourBy`, shaped by kind) and edges (styled by type). */
function graphElements(
  data: ActorsResponse,
  colourBy: ColourBy,
  colourKeys: readonly string[],
): ElementDefinition[] {
  return [
    ...data.nodes.map((n) => ({
      data: {
        id: n.id,
        label: n.label,
        colour: nodeColour(colourKey(n, colourBy), colourKeys),
        shape: SHAPES[n.kind],
      },
    })),
    ...data.edges.map((e) => ({
      data: {
        id: `edge:${e.id}`,
        source: e.source,
        target: e.target,
        colour: EDGE_STYLE[e.type].colour,
        line: EDGE_STYLE[e.type].line,
        arrow: EDGE_STYLE[e.type].arrow ? 'triangle' : 'none',
        width: 1.5 + Math.min(4, e.evidenceCount),
      },
    })),
  ];
}

/** The graph's Cytoscape style: nodes by colour and shape with wrapped labels, edges by type. */
function graphStyle(): StylesheetJson {
  return [
    {
      selector: 'node',
      style: {
        'background-color': 'data(colour)',
        shape: 'data(shape)' as never,
        label: 'data(label)',
        'font-size': LABEL_FONT_PX,
        // long names wrap onto short lines, so a label stays near its node
        'text-wrap': 'wrap',
        'text-max-width': '120px',
        'font-family': 'system-ui, sans-serif',
        color: '#111827',
        'text-valign': 'bottom',
        'text-margin-y': 4,
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.8,
        'text-background-padding': '1px',
        width: 22,
        height: 22,
        'border-width': 1.5,
        'border-color': '#374151',
      },
    },
    {
      selector: 'edge',
      style: {
        width: 'data(width)',
        'line-color': 'data(colour)',
        'line-style': 'data(line)' as never,
        'target-arrow-shape': 'data(arrow)' as never,
        'target-arrow-color': 'data(colour)',
        'curve-style': 'bezier',
        'arrow-scale': 0.9,
        opacity: 0.85,
      },
    },
    { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#111827' } },
    { selector: '.faded', style: { opacity: 0.3 } },
  ];
}

/**
 * Lays the graph out: rings first (organisations inside, groups, then informants) so the force
 * layout is deterministic, then stretched to the canvas's shape and zoomed so labels are legible.
 */
function layOut(cy: Core, nodes: readonly ActorNode[]): void {
  const rings: Record<ActorNode['kind'], number> = {
    organisation: 140,
    group: 260,
    informant: 400,
  };
  for (const kind of ['organisation', 'group', 'informant'] as const) {
    const ids = nodes.filter((n) => n.kind === kind).map((n) => n.id);
    ids.forEach((id, i) => {
      const angle = (2 * Math.PI * i) / Math.max(1, ids.length) + (kind === 'group' ? 0.4 : 0);
      cy.getElementById(id).position({
        x: rings[kind] * Math.cos(angle),
        y: rings[kind] * Math.sin(angle),
      });
    });
  }
  cy.layout({
    name: 'cose',
    animate: false,
    randomize: false,
    // labels take room in the layout, so they do not overlap their neighbours
    nodeDimensionsIncludeLabels: true,
    nodeRepulsion: () => 4_000,
    idealEdgeLength: () => 30,
    nodeOverlap: 8,
    gravity: 250,
    numIter: 1500,
    padding: 24,
    componentSpacing: 30,
  }).run();
  // Stretch the layout to the canvas's shape, so the labels get the width the panel has.
  const box = cy.elements().boundingBox();
  const aspect = cy.width() / Math.max(1, cy.height());
  if (box.h > 0 && box.w / box.h < aspect * 0.9) {
    const stretch = Math.min(2.2, aspect / (box.w / box.h));
    const cx = (box.x1 + box.x2) / 2;
    cy.nodes().positions((node) => ({
      x: cx + (node.position('x') - cx) * stretch,
      y: node.position('y'),
    }));
  }
  cy.fit(undefined, 28);
  // Legible at the default zoom: labels at least LABEL_MIN_PX on screen. A graph too large
  // for that opens on its centre, and the wheel or a drag shows the rest.
  if (cy.zoom() * LABEL_FONT_PX < LABEL_MIN_PX) {
    cy.zoom(LABEL_MIN_PX / LABEL_FONT_PX);
    cy.center();
  }
}

/** The legend: the colours in use, the node shapes, and the relation types present. */
function GraphLegend({
  colourKeys,
  valueLabels,
  edges,
}: {
  colourKeys: readonly string[];
  valueLabels: ReadonlyMap<string, string>;
  edges: ActorsResponse['edges'] | undefined;
}) {
  return (
    <div className="graph-legend" aria-label="Legend">
      <ul>
        {colourKeys.map((k) => (
          <li key={k}>
            <span
              className="dot"
              style={{ background: nodeColour(k, colourKeys) }}
              aria-hidden="true"
            />
            {k === 'none' ? 'Not recorded' : (valueLabels.get(k) ?? humanise(k))}
          </li>
        ))}
      </ul>
      <ul>
        <li>
          <span className="shape ellipse" aria-hidden="true" />
          Informant
        </li>
        <li>
          <span className="shape rect" aria-hidden="true" />
          Organisation
        </li>
        <li>
          <span className="shape diamond" aria-hidden="true" />
          Group or forum
        </li>
      </ul>
      <ul>
        {RELATIONS.filter((r) => edges?.some((e) => e.type === r)).map((r) => (
          <li key={r}>
            <span
              className={`line line-${EDGE_STYLE[r].line}`}
              style={{ borderTopColor: EDGE_STYLE[r].colour }}
              aria-hidden="true"
            />
            {humanise(r)}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The graph's options: which relation, colour by role or sector, coders, zoom and PNG. */
function ActorsToolbar(props: {
  relation: RelationType | undefined;
  colourBy: ColourBy;
  set: (changes: Record<string, string | undefined>) => void;
  coderPicker: ReactNode;
  ready: boolean;
  onWhole: () => void;
  exportPng: () => void;
}) {
  const { relation, colourBy, set, coderPicker, ready, onWhole, exportPng } = props;
  return (
    <div className="toolbar" role="group" aria-label="Graph options">
      <SelectField
        label="Relation"
        value={relation ?? ''}
        onChange={(v) => set({ relation: v === '' ? undefined : v, actor: undefined })}
      >
        <option value="">All relations</option>
        {RELATIONS.map((r) => (
          <option key={r} value={r}>
            {humanise(r)}
          </option>
        ))}
      </SelectField>
      <Segmented
        legend="Colour by"
        value={colourBy}
        options={[
          { value: 'role', label: 'Position (role)' },
          { value: 'sector', label: 'Sector' },
        ]}
        onChange={(v) => set({ colour: v })}
      />
      {coderPicker}
      <div className="toolbar-actions">
        <button
          type="button"
          onClick={onWhole}
          disabled={!ready}
          title="Zoom out to the whole graph (labels get smaller); the wheel zooms back in"
        >
          Whole graph
        </button>
        <button type="button" onClick={exportPng} disabled={!ready}>
          Export graph PNG
        </button>
      </div>
    </div>
  );
}

/** The actor-position graph: who is employed by, enlists, advises and attends whom. */
export function ActorsView({ studyId, route, navigate }: ActorsViewProps) {
  const p = route.params;
  const relationParam = p.get('relation') ?? '';
  const relation = (RELATIONS as readonly string[]).includes(relationParam)
    ? (relationParam as RelationType)
    : undefined;
  const colourBy: ColourBy = p.get('colour') === 'sector' ? 'sector' : 'role';
  const selectedId = p.get('actor') ?? undefined;
  const set = (changes: Record<string, string | undefined>) =>
    navigate({ view: 'actors', params: withParams(p, changes) });

  const coders = coderParams(p);
  const param = { id: studyId };
  const graph = useApiGet(studyApi.actors, { param, query: { relation, ...coders } });
  const dims = useApiGet(studyApi.dimensions, { param, query: {} });
  const container = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);
  const [ready, setReady] = useState(false);

  const data = graph.status === 'ok' ? graph.data : undefined;
  const valueLabels = useMemo(() => {
    const dim =
      dims.status === 'ok' ? dims.data.position.find((d) => d.key === colourBy) : undefined;
    return new Map(dim?.values.map((v) => [v.key, v.label]));
  }, [dims, colourBy]);
  const colourKeys = useMemo(() => {
    const known = [...valueLabels.keys()];
    const present = new Set((data?.nodes ?? []).map((n) => colourKey(n, colourBy)));
    const unknown = [...present].filter((k) => !known.includes(k) && k !== 'none').sort();
    return [
      ...known.filter((k) => present.has(k)),
      ...unknown,
      ...(present.has('none') ? ['none'] : []),
    ];
  }, [data, colourBy, valueLabels]);

  useEffect(() => {
    if (data === undefined || container.current === null) return;
    const elements = graphElements(data, colourBy, colourKeys);
    const style = graphStyle();
    // Cytoscape adds a <style> element unless one with this id exists; the CSP would block it,
    // so the id is taken by an empty element and the rule lives in styles.css.
    if (document.getElementById(CYTOSCAPE_STYLESHEET_ID) === null) {
      const placeholder = document.createElement('meta');
      placeholder.id = CYTOSCAPE_STYLESHEET_ID;
      document.head.append(placeholder);
    }
    const cy = cytoscape({
      container: container.current,
      elements,
      style,
      layout: { name: 'preset' },
      // Cytoscape's own wheel step (sensitivity 1): a few notches go from the whole graph to
      // one neighbourhood
      boxSelectionEnabled: false,
      minZoom: 0.2,
      maxZoom: 4,
    });
    layOut(cy, data.nodes);
    const labelPx = () =>
      container.current?.setAttribute('data-label-px', (cy.zoom() * LABEL_FONT_PX).toFixed(1));
    labelPx();
    container.current?.setAttribute(
      'data-fit-zoom',
      cy.zoom() === LABEL_MIN_PX / LABEL_FONT_PX ? 'legible' : 'whole',
    );
    cy.on('zoom', labelPx);
    cy.on('tap', 'node', (evt) => {
      set({ actor: (evt.target as cytoscape.NodeSingular).id() });
    });
    cy.on('tap', (evt) => {
      if (evt.target === cy) set({ actor: undefined });
    });
    cyRef.current = cy;
    setReady(true);
    return () => {
      cy.destroy();
      cyRef.current = null;
      setReady(false);
    };
    // The graph is rebuilt only when its data or colours change, not with every route.
  }, [data, colourBy, colourKeys]);

  useEffect(() => {
    const cy = cyRef.current;
    if (cy === null) return;
    cy.batch(() => {
      cy.elements().removeClass('faded').unselect();
      if (selectedId !== undefined && cy.getElementById(selectedId).nonempty()) {
        const node = cy.getElementById(selectedId);
        node.select();
        cy.elements().difference(node.closedNeighborhood()).addClass('faded');
      }
    });
  }, [selectedId, ready]);

  const exportPng = () => {
    const cy = cyRef.current;
    if (cy === null) return;
    const blob = cy.png({ output: 'blob', full: true, scale: 2, bg: '#ffffff' });
    download(blob, fileName([studyId, 'actors', relation], 'png'));
  };

  const selectedNode = data?.nodes.find((n) => n.id === selectedId);

  return (
    <div className="actors-view">
      <ActorsToolbar
        relation={relation}
        colourBy={colourBy}
        set={set}
        coderPicker={
          <CoderPicker
            route={route}
            navigate={navigate}
            dims={dims.status === 'ok' ? dims.data : undefined}
            counted={data?.coders}
          />
        }
        ready={ready}
        onWhole={() => cyRef.current?.fit(undefined, 28)}
        exportPng={exportPng}
      />
      {graph.status === 'error' && (
        <p role="alert" className="error">
          {graph.error.message}
        </p>
      )}
      <div className="actors-layout">
        <div className="graph-area">
          <div
            ref={container}
            className="graph-canvas"
            role="img"
            aria-label={`Actor-position graph: ${data?.nodes.length ?? 0} actors, ${data?.edges.length ?? 0} relations. The list beside it has the same actors.`}
            data-nodes={data?.nodes.length}
            data-edges={data?.edges.length}
          />
          <GraphLegend colourKeys={colourKeys} valueLabels={valueLabels} edges={data?.edges} />
        </div>
        <aside className="side-panel" aria-label="Actors">
          {selectedNode !== undefined ? (
            <ActorProfile
              coders={coders}
              studyId={studyId}
              actor={selectedNode}
              onClose={() => set({ actor: undefined })}
            />
          ) : (
            <ActorList nodes={data?.nodes ?? []} onSelect={(id) => set({ actor: id })} />
          )}
        </aside>
      </div>
    </div>
  );
}

function ActorList(props: { nodes: readonly ActorNode[]; onSelect: (id: string) => void }) {
  const groups = (['informant', 'organisation', 'group'] as const).map((kind) => ({
    kind,
    nodes: props.nodes.filter((n) => n.kind === kind),
  }));
  return (
    <div className="actor-list">
      <p className="muted">Click a node, or choose an actor here, to see its work profile.</p>
      {groups
        .filter((g) => g.nodes.length > 0)
        .map((g) => (
          <section key={g.kind}>
            <h2>{humanise(g.kind)}s</h2>
            <ul>
              {g.nodes.map((n) => (
                <li key={n.id}>
                  <button type="button" className="link" onClick={() => props.onSelect(n.id)}>
                    {n.label}
                  </button>{' '}
                  <span className="position">{formatPosition(n.position)}</span>
                </li>
              ))}
            </ul>
          </section>
        ))}
    </div>
  );
}

function ActorProfile(props: {
  studyId: string;
  actor: ActorNode;
  coders: CoderParams;
  onClose: () => void;
}) {
  const profile = useApiGet(studyApi.actors[':actorId'].profile, {
    param: { id: props.studyId, actorId: props.actor.id },
    query: { ...props.coders },
  });
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [props.actor.id]);
  return (
    <div
      className="actor-profile"
      onKeyDown={(e) => {
        if (e.key === 'Escape') props.onClose();
      }}
    >
      <header>
        <h2 ref={heading} tabIndex={-1}>
          {props.actor.label}
        </h2>
        <button type="button" onClick={props.onClose} aria-label="Back to the actor list">
          ×
        </button>
      </header>
      <p className="position">
        {humanise(props.actor.kind)}
        {formatPosition(props.actor.position) !== '' &&
          ` · ${formatPosition(props.actor.position)}`}
      </p>
      {profile.status === 'error' && <p role="alert">{profile.error.message}</p>}
      {profile.status === 'ok' && (
        <>
          <h3>Work profile</h3>
          {profile.data.counts.length === 0 ? (
            <p className="muted">No coded work.</p>
          ) : (
            <ProfileChart
              counts={profile.data.counts}
              description={`Work profile of ${props.actor.label}: excerpts by form of work and purpose`}
              height={200}
            />
          )}
          <p className="muted">{profile.data.coders.description}</p>
          <h3>
            Excerpts ({profile.data.excerpts.length} of {profile.data.total} spoken or performed)
          </h3>
          <ExcerptList
            studyId={props.studyId}
            items={profile.data.excerpts}
            total={profile.data.excerpts.length}
          />
        </>
      )}
    </div>
  );
}
