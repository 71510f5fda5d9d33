import { LRUCache } from 'lru-cache';
import {
  checkHealth,
  listStudies,
  queryCoderCodings,
  queryDocument,
  studyStamp,
  type ExcerptDetail,
  type Graph,
} from '@iwa/graph';
import {
  actorProfile,
  actorReport,
  evaluateStudyClaims,
  listExcerpts,
  loadStudyVocabulary,
  matrixReport,
  phaseTimelines,
  studyAgreement,
  excerptsCsv,
  excerptsDocx,
  retrieveExcerpts,
  searchStudy,
  ServiceError,
  type CoderRequest,
  type StudyVocabulary,
} from '@iwa/services';
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
  CodersQuery,
  DimensionsResponse,
  DocumentResponse,
  ExcerptExportQuery,
  ExcerptItem,
  ExcerptQuery,
  ExcerptsResponse,
  MatrixQuery,
  MatrixResponse,
  PhasesResponse,
  PositionRecord,
  SearchQuery,
  SearchResponse,
  StudiesResponse,
} from './api-types.ts';
import { agreementReport, agreementResponse, checkAgreementFamily } from './agreement-response.ts';
import type { DatabaseInfo, DownloadFile, ExplorerData } from './explorer-data.ts';
import { ExplorerError } from './explorer-error.ts';
import { GraphWorkbench } from './graph-workbench.ts';

const PARTICIPATION = ['full', 'partial', 'advisory'] as const;
/** Dimensions whose values are the actors themselves, or their kind: not a position. */
const NOT_POSITION = new Set(['speaker', 'performer', 'actorKind']);

function position(map: Record<string, string | null> | null | undefined): PositionRecord {
  const out: PositionRecord = {};
  for (const [k, v] of Object.entries(map ?? {})) if (v !== null && v !== undefined) out[k] = v;
  return out;
}

function actorKind(kind: 'informant' | 'organisation' | 'actor_group'): ActorKind {
  return kind === 'actor_group' ? 'group' : kind;
}

/** The coder choice of a query (`coders=a,b&coderRule=agreed`) as the services take it. */
function coderRequest(query: CodersQuery): CoderRequest {
  return {
    ...(query.coders === undefined ? {} : { coders: query.coders }),
    ...(query.coderRule === undefined ? {} : { rule: query.coderRule }),
  };
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

function actorNode(n: {
  id: string;
  kind: 'informant' | 'organisation' | 'actor_group';
  label: string;
  position: Record<string, string | null>;
  spoken?: number;
  performed?: number;
}): ActorNode {
  const pos = position(n.position);
  return {
    id: n.id,
    kind: actorKind(n.kind),
    label: n.label,
    position: pos,
    ...(pos.sector ? { sector: pos.sector } : {}),
    ...(n.spoken === undefined ? {} : { spoken: n.spoken }),
    ...(n.performed === undefined ? {} : { performed: n.performed }),
  };
}

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
}

/**
 * The explorer's data from a Neo4j graph. Every analysis route calls one use case of
 * `@iwa/services` (the ones `iwa matrix`, `iwa excerpts`, `iwa actors`, `iwa phase profile` and
 * `iwa claims` call), with the study's vocabulary loaded once per study stamp: so the explorer
 * shows the CLI's numbers, checks every name the same way and refuses an unknown one with the
 * same did-you-mean message. This class only caches and maps shapes.
 */
export class GraphExplorerData implements ExplorerData {
  readonly #graph: Graph;
  /**
   * Derived results per study and request, with the study stamp they were computed at: least
   * recently used ones are dropped past MAX_CACHED entries or MAX_CACHED_CHARS characters of
   * their JSON. A result still being computed counts one character until it resolves.
   */
  readonly #derived = new LRUCache<string, CacheEntry>({
    max: MAX_CACHED,
    maxSize: MAX_CACHED_CHARS,
    sizeCalculation: () => 1,
  });
  /** Workbench writes per study since start: a write invalidates the cached results. */
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
   * Runs every kind of query once per study, so Neo4j has planned them before the first visitor
   * comes: the first page then loads as fast as later ones.
   */
  async warmUp(): Promise<void> {
    for (const { id } of await this.listStudies()) {
      try {
        await this.warmUpStudy(id);
      } catch (err) {
        // a study deleted while the server starts (another `iwa` process, a colleague's
        // workbench) has nothing to warm up, and one half-deleted at that moment answers "no
        // codings yet": the server starts without it, and a later request gets the answer
        if (
          err instanceof ServiceError &&
          (err.code === 'not_found' || err.code === 'invalid_query')
        )
          continue;
        throw err;
      }
    }
  }

  /**
   * Runs one study's queries once. A study with no codings yet (one just created in the
   * workbench) has only its actors to show: its analyses would answer "no codings yet".
   */
  async warmUpStudy(id: string): Promise<void> {
    const dims = await this.dimensions(id);
    if (dims === null || dims.coders.length === 0) {
      await this.actors(id, {});
      return;
    }
    const has = (key: string) => dims.dimensions.some((d) => d.key === key);
    if (has('role') && has('form')) {
      for (const by of ['speaker', 'performer'] as const) {
        const m = await this.matrix(id, {
          rows: 'role',
          cols: 'form',
          ...(has('purpose') ? { split: 'purpose' } : {}),
          by,
          unit: 'excerpts',
          where: [],
        });
        const cell = m?.tables[0]?.cells.find((c) => c.count > 0);
        if (cell) await this.excerpts(id, { by, where: cell.where, limit: 50, offset: 0 });
      }
    }
    await Promise.all([this.actors(id, {}), this.phases(id, {}), this.claims(id, {})]);
  }

  /**
   * A derived result of a study, computed once per study stamp (`studyStamp`: any import,
   * workbench write, phase event or change of excerpts and codings gives a new stamp) and kept
   * for later requests. An unknown study is `ServiceError('not_found')` naming the nearest
   * known studies. The cache is bounded in entries and characters (#derived), so no request
   * pattern can make it grow without bound.
   */
  async #cached<T>(studyId: string, key: string, compute: () => Promise<T>): Promise<T | null> {
    const stamp = await studyStamp(this.#graph, { studyId });
    if (stamp === undefined) {
      // throws not_found with "did you mean" and the known studies
      await loadStudyVocabulary(this.#graph, studyId);
      return null;
    }
    const full = `${stamp}/${this.#writes.get(studyId) ?? 0}`;
    const k = `${studyId}\u0000${key}`;
    const hit = this.#derived.get(k); // a hit becomes the most recently used
    if (hit && hit.stamp === full) return hit.value as Promise<T>;
    const value = compute();
    const entry: CacheEntry = { stamp: full, value };
    this.#derived.set(k, entry);
    value.then(
      // sized by its JSON once known (set again: the entry stays the most recently used)
      (v) =>
        this.#derived.peek(k) === entry &&
        this.#derived.set(k, entry, { size: Math.max(1, approximateJsonLength(v)) }),
      () => this.#derived.peek(k) === entry && this.#derived.delete(k),
    );
    return value;
  }

  /** How many results and characters the cache holds now (for tests). */
  get cacheSize(): { entries: number; chars: number } {
    return { entries: this.#derived.size, chars: this.#derived.calculatedSize };
  }

  /**
   * A use case's result for a study: computed with the study's vocabulary (itself cached per
   * stamp) and cached under `key`.
   */
  #analysis<T>(
    studyId: string,
    key: string,
    compute: (vocab: StudyVocabulary) => Promise<T>,
  ): Promise<T | null> {
    return this.#cached(studyId, key, async () => {
      const vocab = await this.#cached(studyId, 'vocabulary', () =>
        loadStudyVocabulary(this.#graph, studyId),
      );
      if (vocab === null) throw new Error(`study ${studyId} vanished while being read`);
      return compute(vocab);
    });
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

  dimensions(studyId: string): Promise<DimensionsResponse | null> {
    return this.#analysis(studyId, 'dimensions', async (vocab) => {
      const codings = new Map(
        (
          await queryCoderCodings(this.#graph, {
            studyId,
            coders: vocab.coders.map((c) => c.id),
          })
        ).map((c) => [c.id, c.codings]),
      );
      return {
        dimensions: vocab.dimensions.map((d) => ({
          key: d.key,
          label: d.label,
          kind: d.kind,
          values: d.values,
        })),
        position: vocab.dimensions
          .filter((d) => d.kind === 'actor' && !NOT_POSITION.has(d.key))
          .map((d) => ({ key: d.key, label: d.label, values: d.values })),
        families: vocab.families.map((f) => ({
          key: f.key,
          label: f.label,
          codes: f.values.map((v) => ({ key: `${f.key}.${v.key}`, label: v.label })),
        })),
        coders: vocab.coders.map((c) => ({ id: c.id, codings: codings.get(c.id) ?? 0 })),
      };
    });
  }

  /** `matrixReport`, the function `iwa matrix` prints: the response is the report itself. */
  matrix(studyId: string, query: MatrixQuery): Promise<MatrixResponse | null> {
    return this.#analysis(studyId, `matrix ${JSON.stringify(query)}`, (vocab) =>
      matrixReport(
        this.#graph,
        {
          studyId,
          rows: query.rows,
          cols: query.cols,
          split: query.split,
          by: query.by,
          unit: query.unit,
          where: query.where,
          coders: coderRequest(query),
        },
        vocab,
      ),
    );
  }

  excerpts(studyId: string, query: ExcerptQuery): Promise<ExcerptsResponse | null> {
    return this.#analysis(studyId, `excerpts ${JSON.stringify(query)}`, async (vocab) => {
      const page = await listExcerpts(
        this.#graph,
        {
          studyId,
          by: query.by,
          where: query.where,
          coders: coderRequest(query),
          ...(query.ids ? { ids: query.ids } : {}),
          limit: query.limit,
          offset: query.offset,
        },
        vocab,
      );
      let items = page.items.map(excerptItem);
      if (query.ids) {
        const order = new Map(query.ids.map((id, i) => [id, i]));
        items = items.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
      }
      return { total: page.total, items, where: page.where, coders: page.coders };
    });
  }

  actors(studyId: string, query: ActorsQuery): Promise<ActorsResponse | null> {
    return this.#analysis(studyId, `actors ${JSON.stringify(query)}`, async (vocab) => {
      // dual employment is an employed_by relation of an informant with two employers
      const dual = query.relation === 'dual_employment';
      const report = await actorReport(
        this.#graph,
        {
          studyId,
          relations: query.relation === undefined ? [] : [dual ? 'employed_by' : query.relation],
          coders: coderRequest(query),
        },
        vocab,
      );
      const edges = report.edges
        .filter((e) => !dual || e.dualEmployment)
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
      return { nodes: report.nodes.map(actorNode), edges, coders: report.coders };
    });
  }

  actorProfile(
    studyId: string,
    actorId: string,
    query: CodersQuery,
  ): Promise<ActorProfileResponse | null> {
    return this.#analysis(studyId, `profile ${actorId} ${JSON.stringify(query)}`, async (vocab) => {
      const p = await actorProfile(
        this.#graph,
        { studyId, actorId, coders: coderRequest(query), limit: 20 },
        vocab,
      );
      return {
        actor: actorNode(p.actor),
        coders: p.coders,
        total: p.excerpts,
        counts: p.counts,
        excerpts: p.items.map(excerptItem),
      };
    });
  }

  phases(studyId: string, query: CodersQuery): Promise<PhasesResponse | null> {
    return this.#analysis(studyId, `phases ${JSON.stringify(query)}`, async (vocab) => {
      const report = await phaseTimelines(
        this.#graph,
        { studyId, coders: coderRequest(query) },
        vocab,
      );
      return {
        coders: report.coders,
        organisations: report.organisations.map((org) => {
          const current = org.profiles.find((p) => p.current);
          const fit = current?.fit;
          const pairsTotal = (current?.pairs ?? []).reduce((n, p) => n + p.count, 0);
          const dominant = (xs: readonly { key: string; expected: string }[]): string[] =>
            xs.filter((x) => x.expected === 'dominant').map((x) => x.key);
          return {
            organisationId: org.organisationId,
            organisationName: org.organisationName,
            state: org.state,
            events: org.events.map((e) => ({
              seq: e.seq,
              type: e.type,
              at: e.at ?? e.recordedAt,
              evidence: e.evidence,
              recordedBy: e.recordedBy,
              confidence: e.confidence,
              fromState: e.fromState,
              toState: e.toState,
            })),
            profile:
              current === undefined || fit === undefined || fit.score === null
                ? null
                : {
                    excerpts: current.excerpts,
                    expected: {
                      forms: dominant(fit.forms.categories),
                      purposes: dominant(fit.purposes.categories),
                    },
                    observed: current.pairs.map((p) => ({
                      form: p.form,
                      purpose: p.purpose,
                      count: p.count,
                      share: pairsTotal === 0 ? 0 : p.count / pairsTotal,
                    })),
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
          };
        }),
      };
    });
  }

  claims(studyId: string, query: CodersQuery): Promise<ClaimsResponse | null> {
    return this.#analysis(studyId, `claims ${JSON.stringify(query)}`, async (vocab) => {
      const checked = await evaluateStudyClaims(
        this.#graph,
        { studyId, coders: coderRequest(query) },
        vocab,
      );
      if (checked.ok === false)
        throw new ExplorerError('invalid_request', `claims: ${checked.error}`);
      if (checked.ok === 'none') {
        const coders = vocab.coderChoice(coderRequest(query));
        return { coders: { ids: coders.coders, description: coders.description }, claims: [] };
      }
      return {
        coders: checked.coders,
        claims: checked.results.map((r) => ({
          id: r.id,
          statement: r.statement,
          holds: r.holds === 'undefined' ? null : r.holds,
          numbers: { ...r.numbers },
          excerptIds: [...r.excerptIds],
          explanation: r.explanation,
        })),
      };
    });
  }

  async document(studyId: string, documentId: string): Promise<DocumentResponse | null> {
    const doc = await queryDocument(this.#graph, { studyId, documentId });
    if (!doc) return null;
    return {
      id: doc.id,
      title: doc.title,
      text: doc.text,
      turns: doc.turns.map((t) => ({
        speakerId: t.speaker.id,
        start: t.start,
        contentStart: t.contentStart,
        end: t.end,
      })),
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
    const dims = await this.dimensions(studyId);
    if (!dims) return null;
    const labels = {
      families: new Map(dims.families.map((f) => [f.key, f.label])),
      codes: new Map(dims.families.flatMap((f) => f.codes.map((c) => [c.key, c.label] as const))),
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

  // -- retrieval and search (issue 18, item 5) ---------------------------------------------

  /** `searchStudy`, what `iwa search` prints: documents by the full-text index, hits in context. */
  search(studyId: string, query: SearchQuery): Promise<SearchResponse | null> {
    return this.#analysis(studyId, `search ${JSON.stringify(query)}`, (vocab) =>
      searchStudy(
        this.#graph,
        {
          studyId,
          query: query.q,
          context: query.context,
          limit: query.limit,
          offset: query.offset,
        },
        vocab,
      ),
    );
  }

  /** Every excerpt the filters select as a file (not cached: a file is read once). */
  async exportExcerpts(studyId: string, query: ExcerptExportQuery): Promise<DownloadFile | null> {
    const vocab = await this.#cached(studyId, 'vocabulary', () =>
      loadStudyVocabulary(this.#graph, studyId),
    );
    if (vocab === null) return null;
    const page = await retrieveExcerpts(
      this.#graph,
      { studyId, by: query.by, where: query.where, coders: coderRequest(query) },
      vocab,
    );
    const name = `${studyId}-excerpts`;
    if (query.format === 'csv') {
      return {
        fileName: `${name}.csv`,
        contentType: 'text/csv; charset=utf-8',
        body: excerptsCsv(page),
      };
    }
    return {
      fileName: `${name}.docx`,
      contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      body: await excerptsDocx(page, {
        studyName: vocab.studyName,
        codeLabel: (c) => vocab.codeLabel(c),
      }),
    };
  }
}
