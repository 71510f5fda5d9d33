import { chiSquareTest, crosstab, residuals, type CodedUnit } from '@iwa/analysis';
import {
  checkHealth,
  getStudy,
  listStudies,
  studyStamp,
  queryActorGraph,
  queryCodedUnits,
  queryDocument,
  queryExcerpts,
  readPhaseHistory,
  readPhaseSnapshots,
  readStudyRecord,
  type ExcerptDetail,
  type Graph,
} from '@iwa/graph';
import { compareWorkProfile, type CategoryShare } from '@iwa/phases';
import {
  currentPhase,
  evaluateStudyClaims,
  listExcerpts,
  loadCodedUnits,
  ServiceError,
  storedPhaseModel,
  studyAgreement,
} from '@iwa/services';
import { codeFamily, FRAMEWORK_CODES, POSITION_DIMENSIONS } from '@iwa/taxonomy';
import type {
  ActorKind,
  ActorNode,
  ActorProfileResponse,
  ActorsQuery,
  ActorsResponse,
  AgreementQuery,
  AgreementReportQuery,
  AgreementResponse,
  ClaimsResponse,
  DimensionsResponse,
  DocumentResponse,
  ExcerptItem,
  ExcerptQuery,
  ExcerptsResponse,
  Labelled,
  MatrixCell,
  MatrixQuery,
  MatrixResponse,
  PhasesResponse,
  PositionRecord,
  StudiesResponse,
} from '../shared/api-types.ts';
import { agreementReport, agreementResponse, checkAgreementFamily } from './agreement-response.ts';
import type { DatabaseInfo, ExplorerData } from './explorer-data.ts';
import { ExplorerError } from './explorer-error.ts';
import { GraphWorkbench } from './graph-workbench.ts';

/** The position dimensions the explorer offers, in display order (taxonomy's, plus the employer). */
const POSITION_KEYS = [
  'role',
  'sector',
  'tier',
  'level',
  'authority',
  'embeddedness',
  'dualEmployment',
  'employerKind',
] as const;
const FAMILY_LABELS: Record<string, string> = {
  form: 'Form of work',
  purpose: 'Purpose',
  lns: 'Lawrence & Suddaby form',
  pillar: 'Pillar',
  theme: 'Theme',
  flag: 'Flag',
};
const PARTICIPATION = ['full', 'partial', 'advisory'] as const;
/** Confidence labels of the phase model as the API's 0–1 number. */
const CONFIDENCE = { low: 0.25, medium: 0.6, high: 0.9 } as Record<string, number>;

const humanise = (key: string): string => {
  const words = key.replace(/([a-z])([A-Z])/g, '$1 $2').replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

interface StudyCodes {
  families: { key: string; label: string; codes: Labelled[] }[];
}

function studyCodes(record: Record<string, unknown>): StudyCodes {
  const families = new Map<string, Labelled[]>();
  for (const c of FRAMEWORK_CODES) {
    if (!c.isCodable) continue;
    families.set(c.family, [...(families.get(c.family) ?? []), { key: c.key, label: c.label }]);
  }
  const own =
    (
      record.codebook as
        { codes?: { key: string; label: string; isCodable?: boolean }[] } | undefined
    )?.codes ?? [];
  for (const c of own) {
    if (c.isCodable === false) continue;
    const family = codeFamily(c.key) ?? c.key.split('.')[0] ?? c.key;
    families.set(family, [...(families.get(family) ?? []), { key: c.key, label: c.label }]);
  }
  return {
    families: [...families].map(([key, codes]) => ({
      key,
      label: FAMILY_LABELS[key] ?? humanise(key),
      codes,
    })),
  };
}

/** Explorer `where` filters as analysis conditions: `sector:nav` → `sector=nav`, `pillar:pillar.normative` → the code. */
function conditions(
  where: readonly { dimension: string; value: string }[],
  families: StudyCodes['families'],
): string[] {
  return where.map((w) => {
    if ((POSITION_KEYS as readonly string[]).includes(w.dimension))
      return `${w.dimension}=${w.value}`;
    if (families.some((f) => f.key === w.dimension))
      return w.value.includes('.') ? w.value : `${w.dimension}.${w.value}`;
    throw new ExplorerError('invalid_request', `where: unknown dimension "${w.dimension}"`);
  });
}

/** Runs a service call, turning its ServiceError into the explorer's (400 or 404). */
async function asExplorerError<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ServiceError)
      throw new ExplorerError(
        err.code === 'not_found' ? 'not_found' : 'invalid_request',
        err.message,
      );
    throw err;
  }
}


const pct = (n: number, of: number): number => (of === 0 ? 0 : Math.round((n / of) * 1000) / 10);

function position(map: Record<string, string | null> | null | undefined): PositionRecord {
  const out: PositionRecord = {};
  for (const [k, v] of Object.entries(map ?? {})) if (v !== null && v !== undefined) out[k] = v;
  return out;
}

function actorKind(kind: 'informant' | 'organisation' | 'actor_group'): ActorKind {
  return kind === 'actor_group' ? 'group' : kind;
}

function excerptItem(x: ExcerptDetail): ExcerptItem {
  const speaker = x.speaker
    ? { id: x.speaker.id, label: x.speaker.label, position: position(x.speaker.position) }
    : { id: 'unknown', label: 'Unknown speaker', position: {} };
  const performer = x.performer
    ? {
        id: x.performer.id,
        label: x.performer.label,
        kind: actorKind(x.performer.kind),
        position: position(x.performer.position),
      }
    : { ...speaker, kind: 'informant' as const };
  return {
    id: x.id,
    documentId: x.documentId,
    documentTitle: x.documentTitle,
    start: x.start,
    end: x.end,
    text: x.text,
    before: x.before,
    after: x.after,
    speaker,
    performer,
    codes: x.codes,
    coders: x.coders,
  };
}

/**
 * The explorer's data from a Neo4j graph: `@iwa/graph` queries, `@iwa/analysis` statistics and
 * `@iwa/phases` profiles, through the same use cases the CLI runs (`@iwa/services`).
 */
/** How many derived results (coded units, phases, claims, excerpt pages…) the explorer keeps… */
const MAX_CACHED = 500;
/** …and how many characters of JSON they may hold together (about 2 bytes each in memory). */
const MAX_CACHED_CHARS = 64 * 1024 * 1024;

/**
 * About how many characters `value` takes as JSON, without building the string (the coded units
 * of a large study would make one of hundreds of megabytes, past V8's string limit).
 */
export function approximateJsonLength(value: unknown): number {
  let total = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') total += v.length + 2;
    else if (typeof v === 'number' || typeof v === 'boolean') total += 8;
    else if (Array.isArray(v)) {
      total += 2 + v.length;
      for (const x of v) stack.push(x);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        total += k.length + 4;
        stack.push(x);
      }
      total += 2;
    } else total += 4; // null, undefined
  }
  return total;
}

interface CacheEntry {
  stamp: string;
  value: Promise<unknown>;
  /** The length of the value's JSON once it has resolved (0 before). */
  chars: number;
}

export class GraphExplorerData implements ExplorerData {
  readonly #graph: Graph;
  /** Derived results per study and request, with the study stamp they were computed at. */
  readonly #derived = new Map<string, CacheEntry>();
  /** The characters of JSON the resolved entries of #derived hold. */
  #cachedChars = 0;
  /** Workbench writes per study since start: a write invalidates the cached coded units. */
  readonly #writes = new Map<string, number>();
  /** The coding workbench on the same graph (the explorer's write routes). */
  readonly workbench: GraphWorkbench;

  constructor(graph: Graph) {
    this.#graph = graph;
    this.workbench = new GraphWorkbench(graph, (studyId) =>
      this.#writes.set(studyId, (this.#writes.get(studyId) ?? 0) + 1),
    );
  }

  /**
   * Runs every kind of query once per study, so Neo4j has planned them and the coded units are
   * loaded before the first visitor comes: the first page then loads as fast as later ones.
   */
  async warmUp(): Promise<void> {
    for (const { id } of await this.listStudies()) {
      for (const by of ['speaker', 'performer'] as const) {
        await this.matrix(id, {
          rows: 'role',
          cols: 'form',
          split: 'purpose',
          by,
          unit: 'excerpt',
          where: [],
        });
        await this.excerpts(id, {
          row: 'manager',
          rowDim: 'role',
          col: 'form.operational',
          by,
          where: [],
          limit: 50,
          offset: 0,
        });
      }
      await this.excerpts(id, { by: 'speaker', where: [], ids: ['-'], limit: 50, offset: 0 });
      await Promise.all([
        this.dimensions(id),
        this.actors(id, {}),
        this.phases(id),
        this.claims(id),
      ]);
    }
  }

  /**
   * A derived result of a study, computed once per study stamp (`studyStamp`: any import,
   * workbench write, phase event or change of excerpts and codings gives a new stamp) and kept
   * for later requests; null when the study does not exist. Least recently used results are
   * dropped past MAX_CACHED entries or MAX_CACHED_CHARS characters of their JSON, so no request
   * pattern can make the cache grow without bound.
   */
  async #cached<T>(studyId: string, key: string, compute: () => Promise<T>): Promise<T | null> {
    const stamp = await studyStamp(this.#graph, { studyId });
    if (stamp === undefined) return null;
    const full = `${stamp}/${this.#writes.get(studyId) ?? 0}`;
    const k = `${studyId}\u0000${key}`;
    const hit = this.#derived.get(k);
    if (hit && hit.stamp === full) {
      this.#derived.delete(k); // most recently used last
      this.#derived.set(k, hit);
      return hit.value as Promise<T>;
    }
    const value = compute();
    const entry: CacheEntry = { stamp: full, value, chars: 0 };
    this.#forget(k);
    this.#derived.set(k, entry);
    value.then(
      (v) => {
        if (this.#derived.get(k) !== entry) return;
        entry.chars = approximateJsonLength(v);
        this.#cachedChars += entry.chars;
        this.#evict(k);
      },
      () => this.#derived.get(k) === entry && this.#forget(k),
    );
    this.#evict(k);
    return value;
  }

  #forget(k: string): void {
    const entry = this.#derived.get(k);
    if (entry === undefined) return;
    this.#cachedChars -= entry.chars;
    this.#derived.delete(k);
  }

  /** Drops the least recently used entries (never `keep`) while the cache is over its limits. */
  #evict(keep: string): void {
    for (const k of this.#derived.keys()) {
      if (this.#derived.size <= MAX_CACHED && this.#cachedChars <= MAX_CACHED_CHARS) return;
      if (k !== keep) this.#forget(k);
    }
  }

  /** How many results and characters the cache holds now (for tests). */
  get cacheSize(): { entries: number; chars: number } {
    return { entries: this.#derived.size, chars: this.#cachedChars };
  }

  excerpts(studyId: string, query: ExcerptQuery): Promise<ExcerptsResponse | null> {
    return this.#cached(studyId, `excerpts ${JSON.stringify(query)}`, () =>
      this.#excerptsUncached(studyId, query),
    );
  }

  actors(studyId: string, query: ActorsQuery): Promise<ActorsResponse | null> {
    return this.#cached(studyId, `actors ${JSON.stringify(query)}`, () =>
      this.#actorsUncached(studyId, query),
    );
  }

  actorProfile(studyId: string, actorId: string): Promise<ActorProfileResponse | null> {
    return this.#cached(studyId, `profile ${actorId}`, () =>
      this.#actorProfileUncached(studyId, actorId),
    );
  }

  phases(studyId: string): Promise<PhasesResponse | null> {
    return this.#cached(studyId, 'phases', () => this.#phasesUncached(studyId));
  }

  claims(studyId: string): Promise<ClaimsResponse | null> {
    return this.#cached(studyId, 'claims', () => this.#claimsUncached(studyId));
  }

  async health(): Promise<DatabaseInfo> {
    const h = await checkHealth(this.#graph);
    return { uri: h.uri, serverVersion: h.serverVersion };
  }

  async listStudies(): Promise<StudiesResponse> {
    return (await listStudies(this.#graph)).map((s) => ({
      id: s.id,
      name: s.name,
      counts: {
        documents: s.documents,
        excerpts: s.excerpts,
        codings: s.codings,
        informants: s.informants,
      },
    }));
  }

  async #record(studyId: string): Promise<Record<string, unknown> | null> {
    return (await readStudyRecord(this.#graph, { studyId })) ?? null;
  }

  async #unitsOf(studyId: string, by: 'speaker' | 'performer'): Promise<CodedUnit[]> {
    return (
      (await this.#cached(studyId, `units ${by}`, () =>
        loadCodedUnits(this.#graph, { studyId, by }),
      )) ?? []
    );
  }

  async dimensions(studyId: string): Promise<DimensionsResponse | null> {
    const record = await this.#record(studyId);
    if (!record) return null;
    const extensions = (record.dimensions ?? {}) as Record<string, string[] | undefined>;
    const position = POSITION_KEYS.map((key) => {
      const entry = POSITION_DIMENSIONS.find((d) => d.key === key);
      const values: Labelled[] = entry
        ? entry.values.map((v) => ({ key: v.key, label: v.label }))
        : [];
      for (const v of extensions[key] ?? [])
        if (!values.some((x) => x.key === v)) values.push({ key: v, label: humanise(v) });
      return { key, label: entry?.label ?? humanise(key), values };
    });
    return { position, families: studyCodes(record).families };
  }

  async matrix(studyId: string, query: MatrixQuery): Promise<MatrixResponse | null> {
    const record = await this.#record(studyId);
    if (!record) return null;
    if (!(POSITION_KEYS as readonly string[]).includes(query.rows)) {
      throw new ExplorerError(
        'invalid_request',
        `rows: unknown position dimension "${query.rows}"`,
      );
    }
    const { families } = studyCodes(record);
    const colFamily = families.find((f) => f.key === query.cols);
    if (!colFamily)
      throw new ExplorerError('invalid_request', `cols: unknown code family "${query.cols}"`);
    const splitFamily =
      query.split === undefined ? undefined : families.find((f) => f.key === query.split);
    if (query.split !== undefined && !splitFamily) {
      throw new ExplorerError('invalid_request', `split: unknown code family "${query.split}"`);
    }
    const where = conditions(query.where, families);
    const units = await this.#unitsOf(studyId, query.by);
    const count =
      query.unit === 'excerpt'
        ? 'excerpts'
        : query.unit === 'informant'
          ? 'informants'
          : 'documents';
    const short = (key: string): string => key.slice(key.indexOf('.') + 1);
    const colValues = colFamily.codes.map((c) => short(c.key));
    const splitValues = splitFamily?.codes.map((c) => short(c.key)) ?? [];
    const table = crosstab(units, {
      rows: query.rows,
      cols: query.cols,
      count,
      by: query.by,
      where,
      colValues,
      ...(splitFamily ? { layer: splitFamily.key, layerValues: splitValues } : {}),
    });
    const vocabulary = POSITION_DIMENSIONS.find((d) => d.key === query.rows)?.values ?? [];
    const rank = (v: string): number => {
      const i = vocabulary.findIndex((x) => x.key === v);
      return i < 0 ? Number.MAX_SAFE_INTEGER : i;
    };
    const rowOrder = table.rowValues
      .map((v, i) => ({ v, i }))
      .sort((a, b) => rank(a.v) - rank(b.v) || a.v.localeCompare(b.v));
    const splits = splitFamily ? splitFamily.codes : [];
    const layers = splitFamily ? table.tables : [table.tables[0]];
    // counts[r][c][s] in display order
    const counts = rowOrder.map(({ i }) =>
      colValues.map((_, j) => layers.map((t) => t?.counts[i]?.[j] ?? 0)),
    );
    const flat = counts.map((row) => row.flat());
    const res = flat.length > 0 ? residuals(flat) : { adjusted: [] };
    const rowTotal = counts.map((row) => row.flat().reduce((a, b) => a + b, 0));
    const colTotal = colValues.map((_, j) =>
      counts.reduce((n, row) => n + (row[j]?.reduce((a, b) => a + b, 0) ?? 0), 0),
    );
    const cells: MatrixCell[] = [];
    rowOrder.forEach(({ v }, r) => {
      colFamily.codes.forEach((c, j) => {
        layers.forEach((_, k) => {
          const n = counts[r]?.[j]?.[k] ?? 0;
          const residual = res.adjusted[r]?.[j * layers.length + k];
          const split = splits[k]?.key;
          cells.push({
            row: v,
            col: c.key,
            ...(split === undefined ? {} : { split }),
            count: n,
            rowPct: pct(n, rowTotal[r] ?? 0),
            colPct: pct(n, colTotal[j] ?? 0),
            ...(residual === null || residual === undefined || !Number.isFinite(residual)
              ? {}
              : { residual: Math.round(residual * 100) / 100 }),
          });
        });
      });
    });
    const summed = counts.map((row) => row.map((byLayer) => byLayer.reduce((a, b) => a + b, 0)));
    const test = summed.length > 0 ? chiSquareTest(summed) : null;
    const warnings: string[] = [];
    const multi = layers.reduce((n, t) => n + (t?.multiCell ?? 0), 0);
    if (test?.defined && test.smallExpected) warnings.push(test.smallExpected.reason);
    if (multi > 0)
      warnings.push(
        `${multi} counted ${count} fall in more than one cell, so the chi-square p-value is not valid as it stands (read it as descriptive).`,
      );
    return {
      rows: rowOrder.map(({ v }) => ({
        key: v,
        label: vocabulary.find((x) => x.key === v)?.label ?? humanise(v),
      })),
      cols: colFamily.codes,
      splits,
      cells,
      rowTotals: rowOrder.map(({ v }, r) => ({ row: v, count: rowTotal[r] ?? 0 })),
      colTotals: colFamily.codes.map((c, j) => ({ col: c.key, count: colTotal[j] ?? 0 })),
      total: rowTotal.reduce((a, b) => a + b, 0),
      stats: test?.defined
        ? {
            chiSquare: test.statistic,
            df: test.df,
            p: test.pValue,
            cramersV: Math.min(1, test.cramersV),
            warnings,
          }
        : null,
      unit: query.unit,
      by: query.by,
    };
  }

  async #excerptsUncached(studyId: string, query: ExcerptQuery): Promise<ExcerptsResponse | null> {
    if (!(await getStudy(this.#graph, { studyId }))) return null;
    const where = [
      ...(query.row !== undefined && query.rowDim !== undefined
        ? [`${query.rowDim}=${query.row}`]
        : []),
      ...(query.col !== undefined ? [query.col] : []),
      ...(query.split !== undefined ? [query.split] : []),
      ...query.where.map((w) => (w.value.includes('.') ? w.value : `${w.dimension}=${w.value}`)),
    ];
    const res = await asExplorerError(() =>
      listExcerpts(this.#graph, {
        studyId,
        by: query.by,
        where,
        ...(query.ids ? { ids: query.ids } : {}),
        limit: query.limit,
        offset: query.offset,
      }),
    );
    let items = res.items.map(excerptItem);
    if (query.ids) {
      const order = new Map(query.ids.map((id, i) => [id, i]));
      items = items.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
    }
    return { total: res.total, items };
  }

  async #actorsUncached(studyId: string, query: ActorsQuery): Promise<ActorsResponse | null> {
    if (!(await getStudy(this.#graph, { studyId }))) return null;
    const relation = query.relation === 'dual_employment' ? 'employed_by' : query.relation;
    const g = await queryActorGraph(this.#graph, {
      studyId,
      relations: relation ? [relation] : [],
    });
    const edges = g.edges
      .filter((e) => query.relation !== 'dual_employment' || e.dualEmployment)
      .map((e): ActorsResponse['edges'][number] => {
        const participation = PARTICIPATION.find((p) => p === e.participation);
        return {
          id: e.id,
          source: e.source,
          target: e.target,
          type: (e.dualEmployment
            ? 'dual_employment'
            : e.type) as ActorsResponse['edges'][number]['type'],
          ...(participation ? { participation } : {}),
          evidenceCount: e.evidenceCount,
        };
      });
    return { nodes: g.nodes.map((n) => this.#node(n)), edges };
  }

  #node(n: {
    id: string;
    kind: 'informant' | 'organisation' | 'actor_group';
    label: string;
    position: Record<string, string | null>;
  }): ActorNode {
    const pos = position(n.position);
    return {
      id: n.id,
      kind: actorKind(n.kind),
      label: n.label,
      position: pos,
      ...(pos.sector ? { sector: pos.sector } : {}),
    };
  }

  async #actorProfileUncached(
    studyId: string,
    actorId: string,
  ): Promise<ActorProfileResponse | null> {
    if (!(await getStudy(this.#graph, { studyId }))) return null;
    const g = await queryActorGraph(this.#graph, { studyId });
    const node = g.nodes.find((n) => n.id === actorId);
    if (!node) return null;
    const rows = (await queryCodedUnits(this.#graph, { studyId })).filter(
      (u) => u.speakerId === actorId || u.performerId === actorId,
    );
    const counts = new Map<string, number>();
    for (const u of rows) {
      const forms = u.codes.filter((c) => c.startsWith('form.'));
      const purposes = u.codes.filter((c) => c.startsWith('purpose.'));
      for (const f of forms)
        for (const p of purposes) counts.set(`${f}|${p}`, (counts.get(`${f}|${p}`) ?? 0) + 1);
    }
    const ids = rows.slice(0, 20).map((u) => u.excerptId);
    const excerpts =
      ids.length === 0
        ? []
        : (await listExcerpts(this.#graph, { studyId, ids, limit: 20 })).items.map(excerptItem);
    return {
      actor: this.#node(node),
      counts: [...counts].map(([k, count]) => {
        const [form = '', purpose = ''] = k.split('|');
        return { form, purpose, count };
      }),
      excerpts,
    };
  }

  async #phasesUncached(studyId: string): Promise<PhasesResponse | null> {
    if (!(await getStudy(this.#graph, { studyId }))) return null;
    const model = await storedPhaseModel(this.#graph, studyId);
    const [snapshots, units, actors] = await Promise.all([
      readPhaseSnapshots(this.#graph, { studyId }),
      queryCodedUnits(this.#graph, { studyId }),
      queryActorGraph(this.#graph, { studyId, relations: ['collaborates_with'] }),
    ]);
    const names = new Map(actors.nodes.map((n) => [n.id, n.label]));
    const out: PhasesResponse = [];
    for (const s of snapshots) {
      const org = s.organisationId;
      const [history, current] = await Promise.all([
        readPhaseHistory(this.#graph, { studyId, organisationId: org }),
        currentPhase(this.#graph, { studyId, organisationId: org, model }),
      ]);
      const about = units.filter(
        (u) =>
          (u.documentVariables.organisation === org &&
            (u.documentVariables.phase ?? current.state) === current.state) ||
          u.performerId === org,
      );
      const pairs = new Map<string, number>();
      const counts: Record<string, number> = {};
      for (const u of about) {
        for (const c of u.codes)
          if (c.startsWith('form.') || c.startsWith('purpose.') || c.startsWith('lns.'))
            counts[c] = (counts[c] ?? 0) + 1;
        for (const f of u.codes.filter((c) => c.startsWith('form.'))) {
          for (const p of u.codes.filter((c) => c.startsWith('purpose.')))
            pairs.set(`${f}|${p}`, (pairs.get(`${f}|${p}`) ?? 0) + 1);
        }
      }
      const fit = compareWorkProfile(model, { unitId: org, state: current.state, counts });
      const totalPairs = [...pairs.values()].reduce((a, b) => a + b, 0);
      const dominant = (xs: readonly CategoryShare[]): string[] =>
        xs.filter((x) => x.expected === 'dominant').map((x) => x.key);
      out.push({
        organisationId: org,
        organisationName: names.get(org) ?? org,
        state: current.state,
        events: history.map((e) => ({
          seq: e.seq,
          type: e.type,
          at: e.at ?? e.recordedAt,
          evidence: e.evidence,
          recordedBy: e.recordedBy,
          confidence: CONFIDENCE[e.confidence] ?? 0.5,
          fromState: e.fromState,
          toState: e.toState,
        })),
        profile:
          fit.score === null
            ? null
            : {
                expected: {
                  forms: dominant(fit.forms.categories),
                  purposes: dominant(fit.purposes.categories),
                },
                observed: [...pairs].map(([k, count]) => {
                  const [form = '', purpose = ''] = k.split('|');
                  return { form, purpose, count, share: totalPairs === 0 ? 0 : count / totalPairs };
                }),
                fit: {
                  score: Math.max(0, Math.min(1, fit.score)),
                  verdict:
                    fit.verdict === 'fit'
                      ? 'fits'
                      : fit.verdict === 'partial'
                        ? 'partial'
                        : 'does_not_fit',
                  explanation: fit.explanation,
                },
              },
      });
    }
    return out;
  }

  async #claimsUncached(studyId: string): Promise<ClaimsResponse | null> {
    if (!(await getStudy(this.#graph, { studyId }))) return null;
    const checked = await evaluateStudyClaims(this.#graph, { studyId });
    if (checked.ok === 'none') return [];
    if (checked.ok === false)
      throw new ExplorerError('invalid_request', `claims: ${checked.error}`);
    return checked.results.map((r) => ({
      id: r.id,
      statement: r.statement,
      holds: r.holds === 'undefined' ? null : r.holds,
      numbers: { ...r.numbers },
      excerptIds: [...r.excerptIds],
      explanation: r.explanation,
    }));
  }

  async document(studyId: string, documentId: string): Promise<DocumentResponse | null> {
    const doc = await queryDocument(this.#graph, { studyId, documentId });
    if (!doc) return null;
    return {
      id: doc.id,
      title: doc.title,
      text: doc.text,
      turns: doc.turns.map((t) => ({ speakerId: t.speaker.id, start: t.start, end: t.end })),
    };
  }

  /** The tables of `iwa agreement` (agreement-response.ts). */
  agreementReport(studyId: string, query: AgreementReportQuery) {
    return agreementReport(this.#graph, studyId, query);
  }

  /**
   * Agreement between coders. The computation is cached once per coder set (in any order),
   * family, unit and overlap; the response, with its first `limit` disagreements, is built per
   * request from it.
   */
  async agreement(studyId: string, query: AgreementQuery): Promise<AgreementResponse | null> {
    const record = await this.#record(studyId);
    if (!record) return null;
    const { families } = studyCodes(record);
    const labels = {
      families: new Map(families.map((f) => [f.key, f.label])),
      codes: new Map(families.flatMap((f) => f.codes.map((c) => [c.key, c.label] as const))),
    };
    checkAgreementFamily(query, labels);
    const coders = query.coders === undefined ? undefined : [...query.coders].sort();
    const key = JSON.stringify([
      coders ?? null,
      query.family ?? null,
      query.unit,
      query.minOverlap ?? null,
    ]);
    const result = await this.#cached(studyId, `agreement ${key}`, () =>
      studyAgreement(this.#graph, {
        studyId,
        coders,
        family: query.family,
        unit: query.unit,
        minOverlap: query.minOverlap,
      }),
    );
    return result === null || result === undefined
      ? null
      : agreementResponse(result, query, labels);
  }
}
