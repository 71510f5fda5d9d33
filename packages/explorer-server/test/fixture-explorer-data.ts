/**
 * `FixtureExplorerData`: an in-memory `ExplorerData` over the synthetic studies in
 * `fixture-study.ts`, for the explorer's unit tests of routing, validation, security and the
 * agreement route. It counts nothing: every analysis route (matrix, excerpts, actors, phases,
 * claims) is answered by `@iwa/services` on Neo4j, and tested there. It lives under test/ on
 * purpose: `iwa serve` never uses it.
 */
import { computeStudyAgreement } from '@iwa/services';
import { agreementResponse, checkAgreementFamily } from '../src/agreement-response.ts';
import type { DatabaseInfo, ExplorerData } from '../src/explorer-data.ts';
import { ExplorerError } from '../src/explorer-error.ts';
import type {
  ActorProfileResponse,
  ActorsResponse,
  AgreementQuery,
  AgreementResponse,
  ClaimsResponse,
  DimensionsResponse,
  DocumentResponse,
  ExcerptsResponse,
  Labelled,
  MatrixResponse,
  PhasesResponse,
  StudiesResponse,
} from '../src/api-types.ts';
import { IPS_FIXTURE_STUDY, PILOT_FIXTURE_STUDY } from './fixture-study.ts';
import type { FixtureStudy } from './fixture-study.ts';

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
    const coders = new Map<string, number>();
    for (const e of study.excerpts)
      for (const c of e.coders) coders.set(c, (coders.get(c) ?? 0) + e.codes.length);
    return Promise.resolve({
      dimensions: [
        ...CODE_FAMILIES.map((f) => ({
          key: f.key,
          label: f.label,
          kind: 'codes' as const,
          values: f.codes.map((c) => ({ key: c.key.slice(f.key.length + 1), label: c.label })),
        })),
        ...POSITION_DIMENSIONS.map((d) => ({ ...d, kind: 'actor' as const })),
      ],
      position: POSITION_DIMENSIONS,
      families: CODE_FAMILIES,
      coders: [...coders].sort().map(([id, codings]) => ({ id, codings })),
    });
  }

  /**
   * The analyses are not in the fixture: they are counted in Neo4j by `@iwa/services`, and
   * tested there (test/*.int.test.ts and the browser tests). Asking the fixture for one is a 503.
   */
  #noAnalysis(studyId: string, what: string): Promise<never> {
    this.#study(studyId);
    return Promise.reject(
      new ExplorerError(
        'unavailable',
        `fixture: no ${what}; analyses are counted in Neo4j (GraphExplorerData)`,
      ),
    );
  }

  matrix(studyId: string): Promise<MatrixResponse | null> {
    return this.#noAnalysis(studyId, 'matrix');
  }

  excerpts(studyId: string): Promise<ExcerptsResponse | null> {
    return this.#noAnalysis(studyId, 'excerpts');
  }

  actors(studyId: string): Promise<ActorsResponse | null> {
    return this.#noAnalysis(studyId, 'actors');
  }

  actorProfile(studyId: string): Promise<ActorProfileResponse | null> {
    return this.#noAnalysis(studyId, 'actor profile');
  }

  phases(studyId: string): Promise<PhasesResponse | null> {
    return this.#noAnalysis(studyId, 'phases');
  }

  claims(studyId: string): Promise<ClaimsResponse | null> {
    return this.#noAnalysis(studyId, 'claims');
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
