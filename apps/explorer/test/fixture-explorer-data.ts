/**
 * `FixtureExplorerData`: an in-memory `ExplorerData` over the synthetic studies in
 * `fixture-study.ts`, for the explorer's unit and browser tests until the Neo4j-backed
 * implementation lands. It lives under test/ on purpose: `iwa serve` never uses it.
 */
import { computeStudyAgreement } from '@iwa/services';
import { agreementResponse, checkAgreementFamily } from '../src/server/agreement-response.ts';
import type { DatabaseInfo, ExplorerData } from '../src/server/explorer-data.ts';
import { ExplorerError } from '../src/server/explorer-error.ts';
import type {
  ActorNode,
  ActorProfileResponse,
  ActorsQuery,
  ActorsResponse,
  AgreementQuery,
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
  WhereFilter,
} from '../src/shared/api-types.ts';
import { adjustedResiduals, chiSquare } from './fixture-statistics.ts';
import { IPS_FIXTURE_STUDY, PILOT_FIXTURE_STUDY, excerptIdOf } from './fixture-study.ts';
import type { FixtureActor, FixtureExcerpt, FixtureStudy } from './fixture-study.ts';

const POSITION_DIMENSIONS: { key: string; label: string; values: Labelled[] }[] = [
  {
    key: 'role',
    label: 'Role',
    values: [
      { key: 'manager', label: 'Manager' },
      { key: 'advisor', label: 'Advisor' },
      { key: 'employment_specialist', label: 'Employment specialist' },
      { key: 'top_manager', label: 'Top manager' },
    ],
  },
  {
    key: 'sector',
    label: 'Sector',
    values: [
      { key: 'health', label: 'Health services' },
      { key: 'welfare', label: 'Labour and welfare (Nav)' },
      { key: 'dual', label: 'Both health and welfare' },
      { key: 'unknown', label: 'Unknown' },
    ],
  },
  {
    key: 'health_tier',
    label: 'Health tier',
    values: [
      { key: 'municipal', label: 'Municipal' },
      { key: 'specialised', label: 'Specialised' },
      { key: 'not_applicable', label: 'Not applicable' },
    ],
  },
  {
    key: 'level',
    label: 'Level',
    values: [
      { key: 'local', label: 'Local' },
      { key: 'regional', label: 'Regional' },
      { key: 'national', label: 'National' },
    ],
  },
  {
    key: 'authority',
    label: 'Authority',
    values: [
      { key: 'decision', label: 'Decision authority' },
      { key: 'advisory', label: 'Advisory only' },
    ],
  },
  {
    key: 'embeddedness',
    label: 'Embeddedness',
    values: [
      { key: 'insider', label: 'Insider' },
      { key: 'outsider', label: 'Outsider' },
    ],
  },
  {
    key: 'dual_employment',
    label: 'Dual employment',
    values: [
      { key: 'no', label: 'One employer' },
      { key: 'yes', label: 'Two employers' },
    ],
  },
];

const humanise = (key: string): string => {
  const s = key.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
};

const CODE_FAMILIES: { key: string; label: string; codes: Labelled[] }[] = [
  {
    key: 'form',
    label: 'Form of work (Cloutier et al.)',
    codes: ['structural', 'conceptual', 'operational', 'relational'].map((k) => ({
      key: `form.${k}`,
      label: humanise(k),
    })),
  },
  {
    key: 'purpose',
    label: 'Purpose (Lawrence & Suddaby)',
    codes: ['creating', 'maintaining', 'disrupting'].map((k) => ({
      key: `purpose.${k}`,
      label: humanise(k),
    })),
  },
  {
    key: 'pillar',
    label: 'Pillar (Scott)',
    codes: [
      { key: 'pillar.regulative', label: 'Regulative' },
      { key: 'pillar.normative', label: 'Normative' },
      { key: 'pillar.cultural_cognitive', label: 'Cultural-cognitive' },
    ],
  },
  {
    key: 'lns',
    label: 'Form of institutional work (Lawrence & Suddaby)',
    codes: [
      'advocacy',
      'defining',
      'vesting',
      'constructing_identities',
      'constructing_normative_networks',
      'theorizing',
      'educating',
      'enabling_work',
      'policing',
      'deterring',
      'valorizing_and_demonizing',
      'embedding_and_routinizing',
      'disconnecting_sanctions',
      'undermining_assumptions_and_beliefs',
    ].map((k) => ({ key: `lns.${k}`, label: humanise(k) })),
  },
  {
    key: 'flag',
    label: 'Flags',
    codes: [{ key: 'flag.resistance_encountered', label: 'Resistance encountered' }],
  },
];

const CONTEXT = 300;
const PROFILE_EXCERPTS = 20;

/** Options of {@link FixtureExplorerData}. */
export interface FixtureExplorerDataOptions {
  studies?: FixtureStudy[];
  /** Every method throws `code: 'unavailable'`, as a Neo4j that is down would. */
  unavailable?: boolean;
}

/** The in-memory `ExplorerData` of the explorer's tests. */
export class FixtureExplorerData implements ExplorerData {
  readonly #studies: Map<string, FixtureStudy>;
  readonly #unavailable: boolean;

  constructor(options: FixtureExplorerDataOptions = {}) {
    const studies = options.studies ?? [IPS_FIXTURE_STUDY, PILOT_FIXTURE_STUDY];
    this.#studies = new Map(studies.map((s) => [s.id, s]));
    this.#unavailable = options.unavailable ?? false;
  }

  #study(id: string): FixtureStudy | null {
    if (this.#unavailable) throw new ExplorerError('unavailable', 'fixture: database down');
    return this.#studies.get(id) ?? null;
  }

  health(): Promise<DatabaseInfo> {
    if (this.#unavailable) {
      return Promise.reject(new ExplorerError('unavailable', 'fixture: database down'));
    }
    return Promise.resolve({ uri: 'fixture://in-memory', serverVersion: 'fixture' });
  }

  listStudies(): Promise<StudiesResponse> {
    if (this.#unavailable) {
      return Promise.reject(new ExplorerError('unavailable', 'fixture: database down'));
    }
    return Promise.resolve(
      [...this.#studies.values()].map((s) => ({
        id: s.id,
        name: s.name,
        counts: {
          documents: s.documents.length,
          excerpts: s.excerpts.length,
          codings: s.excerpts.reduce((n, e) => n + e.codes.length * e.coders.length, 0),
          informants: s.informants.length,
        },
      })),
    );
  }

  dimensions(studyId: string): Promise<DimensionsResponse | null> {
    const study = this.#study(studyId);
    if (study === null) return Promise.resolve(null);
    return Promise.resolve({ position: POSITION_DIMENSIONS, families: CODE_FAMILIES });
  }

  matrix(studyId: string, query: MatrixQuery): Promise<MatrixResponse | null> {
    const study = this.#study(studyId);
    if (study === null) return Promise.resolve(null);
    return Promise.resolve(computeMatrix(study, query));
  }

  excerpts(studyId: string, query: ExcerptQuery): Promise<ExcerptsResponse | null> {
    const study = this.#study(studyId);
    if (study === null) return Promise.resolve(null);
    let matches: FixtureExcerpt[];
    if (query.ids !== undefined) {
      const byId = new Map(study.excerpts.map((e) => [e.id, e]));
      matches = query.ids.flatMap((id) => byId.get(id) ?? []);
    } else {
      checkWhere(query.where);
      if (query.rowDim !== undefined) positionDimension('rowDim', query.rowDim);
      matches = study.excerpts.filter((e) => {
        const actor = actorOf(study, query.by === 'speaker' ? e.speakerId : e.performerId);
        if (!passes(e, actor, query.where)) return false;
        if (query.rowDim !== undefined && rowKeyOf(actor, query.rowDim) !== query.row) return false;
        if (query.col !== undefined && !e.codes.includes(query.col)) return false;
        if (query.split !== undefined && !e.codes.includes(query.split)) return false;
        return true;
      });
    }
    return Promise.resolve({
      total: matches.length,
      items: matches
        .slice(query.offset, query.offset + query.limit)
        .map((e) => excerptItem(study, e)),
    });
  }

  actors(studyId: string, query: ActorsQuery): Promise<ActorsResponse | null> {
    const study = this.#study(studyId);
    if (study === null) return Promise.resolve(null);
    const edges = study.relations
      .filter((r) => query.relation === undefined || r.type === query.relation)
      .map((r) => ({
        id: r.id,
        source: r.source,
        target: r.target,
        type: r.type,
        ...(r.participation === undefined ? {} : { participation: r.participation }),
        evidenceCount: r.evidence.length,
      }));
    const linked = new Set(edges.flatMap((e) => [e.source, e.target]));
    const nodes = allActors(study)
      .filter((a) => query.relation === undefined || linked.has(a.id))
      .filter((a) => a.kind === 'informant' || linked.has(a.id))
      .map(actorNode);
    return Promise.resolve({ nodes, edges });
  }

  actorProfile(studyId: string, actorId: string): Promise<ActorProfileResponse | null> {
    const study = this.#study(studyId);
    if (study === null) return Promise.resolve(null);
    const actor = allActors(study).find((a) => a.id === actorId);
    if (actor === undefined) return Promise.resolve(null);
    const employees = new Set(
      study.informants.filter((i) => i.employedBy.includes(actorId)).map((i) => i.id),
    );
    const own = study.excerpts.filter(
      (e) =>
        e.speakerId === actorId ||
        e.performerId === actorId ||
        (employees.has(e.speakerId) && e.performerId === e.speakerId),
    );
    return Promise.resolve({
      actor: actorNode(actor),
      counts: formPurposeCounts(own),
      excerpts: own.slice(0, PROFILE_EXCERPTS).map((e) => excerptItem(study, e)),
    });
  }

  phases(studyId: string): Promise<PhasesResponse | null> {
    const study = this.#study(studyId);
    if (study === null) return Promise.resolve(null);
    return Promise.resolve(
      study.phases.map((p) => {
        const org = study.organisations.find((o) => o.id === p.organisationId);
        const events = p.events.map((ev, i) => ({
          seq: i + 1,
          type: ev.type,
          at: ev.at,
          evidence: ev.evidence.map((r) => excerptIdOf(study, r.informant, r.template)),
          recordedBy: 'coder-a',
          confidence: ev.confidence,
          fromState: ev.fromState,
          toState: ev.toState,
        }));
        const state = events.at(-1)?.toState ?? 'pre_adoption';
        if (p.expected === null) {
          return {
            organisationId: p.organisationId,
            organisationName: org?.label ?? p.organisationId,
            state,
            events,
            profile: null,
          };
        }
        const members = new Set(
          study.informants.filter((i) => i.employedBy.includes(p.organisationId)).map((i) => i.id),
        );
        const own = study.excerpts.filter(
          (e) => members.has(e.speakerId) || e.performerId === p.organisationId,
        );
        const counts = formPurposeCounts(own);
        const sum = counts.reduce((n, c) => n + c.count, 0);
        const expected = p.expected;
        const fitting = counts
          .filter((c) => expected.forms.includes(c.form) && expected.purposes.includes(c.purpose))
          .reduce((n, c) => n + c.count, 0);
        const score = sum === 0 ? 0 : fitting / sum;
        const verdict = score >= 0.6 ? 'fits' : score >= 0.35 ? 'partial' : 'does_not_fit';
        return {
          organisationId: p.organisationId,
          organisationName: org?.label ?? p.organisationId,
          state,
          events,
          profile: {
            expected,
            observed: counts.map((c) => ({ ...c, share: sum === 0 ? 0 : c.count / sum })),
            fit: {
              score,
              verdict,
              explanation: `${fitting} of ${sum} coded form × purpose pairs match the profile expected in ${state.replace(/_/g, ' ')}.`,
            },
          },
        };
      }),
    );
  }

  claims(studyId: string): Promise<ClaimsResponse | null> {
    const study = this.#study(studyId);
    if (study === null) return Promise.resolve(null);
    return Promise.resolve(computeClaims(study));
  }

  document(studyId: string, documentId: string): Promise<DocumentResponse | null> {
    const study = this.#study(studyId);
    if (study === null) return Promise.resolve(null);
    const doc = study.documents.find((d) => d.id === documentId);
    return Promise.resolve(
      doc === undefined ? null : { id: doc.id, title: doc.title, text: doc.text, turns: doc.turns },
    );
  }

  /** Agreement computed as `iwa serve` computes it, on the fixture's codings (one per excerpt, code and coder). */
  agreement(studyId: string, query: AgreementQuery): Promise<AgreementResponse | null> {
    const study = this.#study(studyId);
    if (study === null) return Promise.resolve(null);
    const labels = {
      families: new Map(CODE_FAMILIES.map((f) => [f.key, f.label])),
      codes: new Map(CODE_FAMILIES.flatMap((f) => f.codes.map((c) => [c.key, c.label] as const))),
    };
    checkAgreementFamily(query, labels);
    const coders = query.coders ?? [];
    const keep = (coder: string) => coders.length === 0 || coders.includes(coder);
    const codings = study.excerpts.flatMap((e) =>
      e.coders.filter(keep).flatMap((coderId) =>
        e.codes
          .filter((code) => query.family === undefined || code.startsWith(`${query.family}.`))
          .map((code) => ({
            documentId: e.documentId,
            coderId,
            code,
            start: e.start,
            end: e.end,
          })),
      ),
    );
    const codersByDocument: Record<string, string[]> = {};
    const studyCoders = new Set<string>();
    for (const e of study.excerpts) {
      const list = (codersByDocument[e.documentId] ??= []);
      for (const coder of e.coders) {
        studyCoders.add(coder);
        if (keep(coder) && !list.includes(coder)) list.push(coder);
      }
    }
    const result = computeStudyAgreement({
      studyId,
      codings,
      codersByDocument,
      studyCoders: [...studyCoders],
      documents: Object.fromEntries(
        study.documents.map((d) => [d.id, { title: d.title, text: d.text }]),
      ),
      codersFilter: coders,
      family: query.family,
      unit: query.unit,
      minOverlap: query.minOverlap,
    });
    return Promise.resolve(agreementResponse(result, query, labels));
  }
}

// ---------------------------------------------------------------------------------------------

function allActors(study: FixtureStudy): FixtureActor[] {
  return [...study.informants, ...study.organisations, ...study.groups];
}

function actorOf(study: FixtureStudy, id: string): FixtureActor {
  const actor = allActors(study).find((a) => a.id === id);
  if (actor === undefined) throw new Error(`fixture: unknown actor ${id}`);
  return actor;
}

function actorNode(actor: FixtureActor): ActorNode {
  const sector = actor.position['sector'];
  return {
    id: actor.id,
    kind: actor.kind,
    label: actor.label,
    position: actor.position,
    ...(sector === undefined ? {} : { sector }),
  };
}

function positionDimension(param: string, key: string): void {
  if (!POSITION_DIMENSIONS.some((d) => d.key === key)) {
    throw new ExplorerError('invalid_request', `${param}: unknown position dimension "${key}"`);
  }
}

function codeFamily(param: string, key: string): { key: string; codes: Labelled[] } {
  const family = CODE_FAMILIES.find((f) => f.key === key);
  if (family === undefined) {
    throw new ExplorerError('invalid_request', `${param}: unknown code family "${key}"`);
  }
  return family;
}

function checkWhere(where: WhereFilter[]): void {
  for (const w of where) {
    if (!POSITION_DIMENSIONS.some((d) => d.key === w.dimension)) {
      codeFamily('where', w.dimension);
    }
  }
}

function rowKeyOf(actor: FixtureActor, dimension: string): string {
  return actor.position[dimension] ?? 'unknown';
}

function passes(e: FixtureExcerpt, actor: FixtureActor, where: WhereFilter[]): boolean {
  return where.every((w) =>
    POSITION_DIMENSIONS.some((d) => d.key === w.dimension)
      ? actor.position[w.dimension] === w.value
      : e.codes.includes(w.value),
  );
}

function codePointSlice(text: string, start: number, end?: number): string {
  return [...text].slice(start, end).join('');
}

function excerptItem(study: FixtureStudy, e: FixtureExcerpt): ExcerptItem {
  const doc = study.documents.find((d) => d.id === e.documentId);
  const text = doc?.text ?? '';
  const speaker = actorOf(study, e.speakerId);
  const performer = actorOf(study, e.performerId);
  return {
    id: e.id,
    documentId: e.documentId,
    documentTitle: doc?.title ?? e.documentId,
    start: e.start,
    end: e.end,
    text: e.text,
    before: codePointSlice(text, Math.max(0, e.start - CONTEXT), e.start),
    after: codePointSlice(text, e.end, e.end + CONTEXT),
    speaker: { id: speaker.id, label: speaker.label, position: speaker.position },
    performer: {
      id: performer.id,
      label: performer.label,
      kind: performer.kind,
      position: performer.position,
    },
    codes: e.codes,
    coders: e.coders,
  };
}

function formPurposeCounts(excerpts: FixtureExcerpt[]) {
  const counts = new Map<string, number>();
  for (const e of excerpts) {
    for (const f of e.codes.filter((c) => c.startsWith('form.'))) {
      for (const p of e.codes.filter((c) => c.startsWith('purpose.'))) {
        const key = `${f.slice(5)}|${p.slice(8)}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
  }
  return [...counts].map(([key, count]) => {
    const [form = '', purpose = ''] = key.split('|');
    return { form, purpose, count };
  });
}

const pct = (part: number, whole: number) => (whole === 0 ? 0 : (100 * part) / whole);

function computeMatrix(study: FixtureStudy, query: MatrixQuery): MatrixResponse {
  positionDimension('rows', query.rows);
  const colFamily = codeFamily('cols', query.cols);
  const splitFamily = query.split === undefined ? undefined : codeFamily('split', query.split);
  checkWhere(query.where);
  const rowDim = POSITION_DIMENSIONS.find((d) => d.key === query.rows);
  const units = new Map<string, Set<string>>();
  const multi = new Set<string>();
  for (const e of study.excerpts) {
    const actor = actorOf(study, query.by === 'speaker' ? e.speakerId : e.performerId);
    if (!passes(e, actor, query.where)) continue;
    const row = rowKeyOf(actor, query.rows);
    const cols = e.codes.filter((c) => c.startsWith(`${colFamily.key}.`));
    const splits =
      splitFamily === undefined
        ? [undefined]
        : e.codes.filter((c) => c.startsWith(`${splitFamily.key}.`));
    if (cols.length * splits.length > 1) multi.add(e.id);
    const unit =
      query.unit === 'excerpt' ? e.id : query.unit === 'informant' ? e.speakerId : e.documentId;
    for (const col of cols) {
      for (const split of splits) {
        const key = `${row}|${col}|${split ?? ''}`;
        const set = units.get(key) ?? new Set<string>();
        set.add(unit);
        units.set(key, set);
      }
    }
  }
  const rowKeys = [...new Set([...units.keys()].map((k) => k.split('|')[0] ?? ''))];
  const known = rowDim?.values.map((v) => v.key) ?? [];
  rowKeys.sort((a, b) => (known.indexOf(a) + 1 || 99) - (known.indexOf(b) + 1 || 99));
  const rows = rowKeys.map((key) => ({
    key,
    label: rowDim?.values.find((v) => v.key === key)?.label ?? humanise(key),
  }));
  const cols = colFamily.codes;
  const splits = splitFamily?.codes ?? [];
  const splitKeys: (string | undefined)[] =
    splits.length === 0 ? [undefined] : splits.map((s) => s.key);
  const count = (r: string, c: string, s: string | undefined) =>
    units.get(`${r}|${c}|${s ?? ''}`)?.size ?? 0;
  const rowTotal = (r: string) =>
    cols.reduce((n, c) => n + splitKeys.reduce((m, s) => m + count(r, c.key, s), 0), 0);
  const colTotal = (c: string) =>
    rows.reduce((n, r) => n + splitKeys.reduce((m, s) => m + count(r.key, c, s), 0), 0);
  const flat = rows.map((r) => cols.flatMap((c) => splitKeys.map((s) => count(r.key, c.key, s))));
  const residuals = adjustedResiduals(flat);
  const cells: MatrixCell[] = [];
  rows.forEach((r, i) => {
    cols.forEach((c, j) => {
      splitKeys.forEach((s, k) => {
        const n = count(r.key, c.key, s);
        const residual = residuals[i]?.[j * splitKeys.length + k];
        cells.push({
          row: r.key,
          col: c.key,
          ...(s === undefined ? {} : { split: s }),
          count: n,
          rowPct: pct(n, rowTotal(r.key)),
          colPct: pct(n, colTotal(c.key)),
          ...(residual === undefined ? {} : { residual }),
        });
      });
    });
  });
  const summed = rows.map((r) =>
    cols.map((c) => splitKeys.reduce((m, s) => m + count(r.key, c.key, s), 0)),
  );
  const test = chiSquare(summed);
  const warnings: string[] = [];
  if (test !== null && test.smallExpectedShare > 0.2) {
    warnings.push(
      `${Math.round(test.smallExpectedShare * 100)}% of cells expect fewer than 5: the chi-square approximation is doubtful.`,
    );
  }
  if (multi.size > 0 && query.unit === 'excerpt') {
    warnings.push(
      `${multi.size} excerpts are counted in more than one cell; the test assumes one cell per unit.`,
    );
  }
  if (query.unit !== 'excerpt') {
    warnings.push(`Counting distinct ${query.unit}s: one ${query.unit} can fall in several cells.`);
  }
  return {
    rows,
    cols,
    splits,
    cells,
    rowTotals: rows.map((r) => ({ row: r.key, count: rowTotal(r.key) })),
    colTotals: cols.map((c) => ({ col: c.key, count: colTotal(c.key) })),
    total: rows.reduce((n, r) => n + rowTotal(r.key), 0),
    stats:
      test === null
        ? null
        : {
            chiSquare: test.chiSquare,
            df: test.df,
            p: test.p,
            cramersV: test.cramersV,
            warnings,
          },
    unit: query.unit,
    by: query.by,
  };
}

function share(excerpts: FixtureExcerpt[], code: string): number {
  return excerpts.length === 0
    ? 0
    : excerpts.filter((e) => e.codes.includes(code)).length / excerpts.length;
}

function positionOf(study: FixtureStudy, id: string): PositionRecord {
  return actorOf(study, id).position;
}

function computeClaims(study: FixtureStudy): ClaimsResponse {
  const byRole = (role: string) =>
    study.excerpts.filter((e) => positionOf(study, e.speakerId)['role'] === role);
  const advisors = byRole('advisor');
  const managers = byRole('manager');
  const forms = ['structural', 'conceptual', 'operational', 'relational'];
  const plurality = (xs: FixtureExcerpt[]) =>
    forms
      .map((f) => ({ f, n: xs.filter((e) => e.codes.includes(`form.${f}`)).length }))
      .sort((a, b) => b.n - a.n)[0]?.f;
  const c10 = study.excerpts.filter(
    (e) =>
      positionOf(study, e.performerId)['health_tier'] === 'specialised' &&
      e.performerId !== e.speakerId &&
      e.codes.includes('form.operational') &&
      e.codes.includes('purpose.maintaining'),
  );
  const c10Nav = c10.filter((e) => positionOf(study, e.speakerId)['sector'] === 'welfare');
  const bySector = (s: string) =>
    study.excerpts.filter((e) => positionOf(study, e.speakerId)['sector'] === s);
  const relWelfare = share(bySector('welfare'), 'form.relational');
  const relHealth = share(bySector('health'), 'form.relational');
  const round = (x: number) => Math.round(x * 1000) / 1000;
  const advConceptual = share(advisors, 'form.conceptual');
  const mgrOperational = share(managers, 'form.operational');
  return [
    {
      id: 'C04',
      statement: "Advisors' work is mostly conceptual and creating.",
      holds: plurality(advisors) === 'conceptual' && advConceptual > 0.5,
      numbers: {
        advisorExcerpts: advisors.length,
        conceptualShare: round(advConceptual),
        creatingShare: round(share(advisors, 'purpose.creating')),
      },
      excerptIds: advisors.filter((e) => e.codes.includes('form.conceptual')).map((e) => e.id),
      explanation: `Conceptual is the most frequent form in advisors' excerpts (${Math.round(advConceptual * 100)}%).`,
    },
    {
      id: 'C05',
      statement: "Managers' work is mostly operational, both creating and maintaining.",
      holds:
        plurality(managers) === 'operational' &&
        share(managers, 'purpose.creating') > 0 &&
        share(managers, 'purpose.maintaining') > 0,
      numbers: {
        managerExcerpts: managers.length,
        operationalShare: round(mgrOperational),
        creatingShare: round(share(managers, 'purpose.creating')),
        maintainingShare: round(share(managers, 'purpose.maintaining')),
      },
      excerptIds: managers.filter((e) => e.codes.includes('form.operational')).map((e) => e.id),
      explanation: `Operational is the plurality form for managers (${Math.round(mgrOperational * 100)}%) and both purposes occur.`,
    },
    {
      id: 'C10',
      statement:
        "Health managers' operational maintenance is mostly reported by Nav informants (speaker ≠ performer).",
      holds: c10.length === 0 ? null : c10Nav.length / c10.length > 0.5,
      numbers: { excerpts: c10.length, spokenByNav: c10Nav.length },
      excerptIds: c10.map((e) => e.id),
      explanation: `${c10Nav.length} of ${c10.length} excerpts whose performer is specialised health are spoken by Nav informants.`,
    },
    {
      id: 'C21',
      statement:
        'Phase determines the form of work: initial phase structural + conceptual, later operational.',
      holds: null,
      numbers: {
        organisationsInInitialPhase: 0,
        organisationsPastInitialPhase: study.phases.length,
      },
      excerptIds: [],
      explanation: 'Undecided: no organisation in the fixture is currently in the initial phase.',
    },
    {
      id: 'C31',
      statement:
        'Nav position means relational work: relational share is higher for Nav than for health.',
      holds: relWelfare > relHealth,
      numbers: { relationalShareNav: round(relWelfare), relationalShareHealth: round(relHealth) },
      excerptIds: bySector('welfare')
        .filter((e) => e.codes.includes('form.relational'))
        .map((e) => e.id),
      explanation: `Relational share: Nav ${Math.round(relWelfare * 100)}%, health ${Math.round(relHealth * 100)}%.`,
    },
  ];
}
