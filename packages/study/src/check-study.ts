import { isStudyCodeKeyShape } from '@iwa/taxonomy';
import { isKnownCodeKey } from './code-keys.ts';
import { resolveVocabularies, type DimensionName } from './dimensions.ts';
import { contentHash } from './ids.ts';
import type { StudyIssue } from './issues.ts';
import { Study, type ActorRef } from './model.ts';
import { createOffsetConverter, type OffsetConverter } from './offsets.ts';

/** What the checks share: the parsed study, where issues go, and the ids it declares. */
interface CheckContext {
  readonly study: Study;
  readonly issues: StudyIssue[];
  readonly err: (path: (string | number)[], code: StudyIssue['code'], message: string) => void;
}

/** The ids every later check looks references up in. */
interface DeclaredIds {
  readonly positions: ReadonlySet<string>;
  readonly orgs: ReadonlySet<string>;
  readonly coders: ReadonlySet<string>;
  readonly documents: ReadonlySet<string>;
  readonly excerpts: ReadonlySet<string>;
  readonly actors: ReadonlyMap<string, ActorRef['kind']>;
  readonly studyCodes: ReadonlySet<string>;
  readonly actorOk: (ref: ActorRef) => boolean;
  readonly speakerOk: (ref: { kind: 'informant' | 'speaker'; id: string }) => boolean;
}

/** Unique ids in every section, and no id that is two kinds of actor. */
function checkIds(ctx: CheckContext): DeclaredIds {
  const { study, err } = ctx;
  const unique = (section: string, ids: readonly string[]): Set<string> => {
    const seen = new Set<string>();
    ids.forEach((id, i) => {
      if (seen.has(id))
        err([section, i, 'id'], 'duplicate_id', `duplicate id "${id}" in ${section}`);
      seen.add(id);
    });
    return seen;
  };
  const positions = unique(
    'positions',
    study.positions.map((p) => p.id),
  );
  unique(
    'informants',
    study.informants.map((x) => x.id),
  );
  const orgs = unique(
    'organisations',
    study.organisations.map((x) => x.id),
  );
  unique(
    'actorGroups',
    study.actorGroups.map((x) => x.id),
  );
  unique(
    'speakers',
    study.speakers.map((x) => x.id),
  );
  const coders = unique(
    'coders',
    study.coders.map((x) => x.id),
  );
  const documents = unique(
    'documents',
    study.documents.map((x) => x.id),
  );
  const excerpts = unique(
    'excerpts',
    study.excerpts.map((x) => x.id),
  );
  unique(
    'codings',
    study.codings.map((x) => x.id),
  );
  unique(
    'relations',
    study.relations.map((x) => x.id),
  );
  unique(
    'memos',
    study.memos.map((x) => x.id),
  );
  unique(
    'phaseEvents',
    study.phaseEvents.map((x) => x.id),
  );

  const actors = new Map<string, ActorRef['kind']>();
  const addActors = (section: string, kind: ActorRef['kind'], ids: readonly string[]): void =>
    ids.forEach((id, i) => {
      const other = actors.get(id);
      if (other !== undefined && other !== kind) {
        err([section, i, 'id'], 'duplicate_id', `id "${id}" is both ${other} and ${kind}`);
      }
      actors.set(id, kind);
    });
  addActors(
    'informants',
    'informant',
    study.informants.map((x) => x.id),
  );
  addActors(
    'organisations',
    'organisation',
    study.organisations.map((x) => x.id),
  );
  addActors(
    'actorGroups',
    'actor_group',
    study.actorGroups.map((x) => x.id),
  );
  const actorOk = (ref: ActorRef): boolean => actors.get(ref.id) === ref.kind;
  const speakerIds = new Set(study.speakers.map((s) => s.id));
  const speakerOk = (ref: { kind: 'informant' | 'speaker'; id: string }): boolean =>
    ref.kind === 'informant' ? actors.get(ref.id) === 'informant' : speakerIds.has(ref.id);

  const studyCodes = new Set(study.codebook.codes.map((c) => c.key));
  return { positions, orgs, coders, documents, excerpts, actors, studyCodes, actorOk, speakerOk };
}

/** Dimension values against the vocabularies, and the positions and organisations they name. */
function checkVocabularies(ctx: CheckContext, ids: DeclaredIds): void {
  const { study, err } = ctx;
  const { positions, orgs } = ids;
  const vocab = resolveVocabularies(study.dimensions);
  const checkVocab = (
    path: (string | number)[],
    dim: DimensionName,
    v: string | undefined,
  ): void => {
    if (v !== undefined && !vocab[dim].includes(v)) {
      err(path, 'unknown_dimension_value', `unknown ${dim} "${v}"`);
    }
  };
  study.positions.forEach((p, i) => {
    checkVocab(['positions', i, 'role'], 'role', p.role);
    checkVocab(['positions', i, 'sector'], 'sector', p.sector);
    checkVocab(['positions', i, 'tier'], 'tier', p.tier);
    checkVocab(['positions', i, 'level'], 'level', p.level);
    checkVocab(['positions', i, 'authority'], 'authority', p.authority);
    checkVocab(['positions', i, 'embeddedness'], 'embeddedness', p.embeddedness);
  });
  study.organisations.forEach((o, i) => {
    checkVocab(['organisations', i, 'kind'], 'organisationKind', o.kind);
    checkVocab(['organisations', i, 'sector'], 'sector', o.sector);
    checkVocab(['organisations', i, 'level'], 'level', o.level);
    checkVocab(['organisations', i, 'tier'], 'tier', o.tier);
    if (o.parentId !== undefined && !orgs.has(o.parentId)) {
      err(
        ['organisations', i, 'parentId'],
        'unknown_organisation',
        `unknown organisation "${o.parentId}"`,
      );
    }
  });
  study.actorGroups.forEach((g, i) => {
    checkVocab(['actorGroups', i, 'kind'], 'actorGroupKind', g.kind);
    checkVocab(['actorGroups', i, 'role'], 'role', g.role);
    if (g.organisationId !== undefined && !orgs.has(g.organisationId)) {
      err(
        ['actorGroups', i, 'organisationId'],
        'unknown_organisation',
        `unknown organisation "${g.organisationId}"`,
      );
    }
  });
  study.informants.forEach((inf, i) => {
    if (inf.positionId !== undefined && !positions.has(inf.positionId)) {
      err(
        ['informants', i, 'positionId'],
        'unknown_position',
        `unknown position "${inf.positionId}"`,
      );
    }
  });
}

/** The study's own codes: key shape and parents. */
function checkCodebook(ctx: CheckContext, ids: DeclaredIds): void {
  const { study, err } = ctx;
  const { studyCodes } = ids;
  study.codebook.codes.forEach((c, i) => {
    if (!isStudyCodeKeyShape(c.key)) {
      err(
        ['codebook', 'codes', i, 'key'],
        'invalid_value',
        `study code key "${c.key}" must start with theme. or flag.`,
      );
    }
    if (c.parent !== undefined && !studyCodes.has(c.parent)) {
      err(['codebook', 'codes', i, 'parent'], 'unknown_code', `unknown parent code "${c.parent}"`);
    }
  });
}

/** Relation ends, evidence and employment (at most two employers, one primary). */
function checkRelations(ctx: CheckContext, ids: DeclaredIds): void {
  const { study, err } = ctx;
  const { actorOk, excerpts } = ids;
  const employers = new Map<string, { count: number; primaries: number; index: number }>();
  study.relations.forEach((r, i) => {
    if (!actorOk(r.from))
      err(['relations', i, 'from'], 'unknown_actor', `unknown ${r.from.kind} "${r.from.id}"`);
    if (!actorOk(r.to))
      err(['relations', i, 'to'], 'unknown_actor', `unknown ${r.to.kind} "${r.to.id}"`);
    r.evidence.forEach((e, j) => {
      if (!excerpts.has(e))
        err(['relations', i, 'evidence', j], 'unknown_excerpt', `unknown excerpt "${e}"`);
    });
    if (r.type === 'employed_by') {
      if (r.to.kind !== 'organisation' || r.from.kind === 'organisation') {
        err(
          ['relations', i],
          'invalid_relation',
          'employed_by goes from an informant or actor group to an organisation',
        );
      }
      const e = employers.get(r.from.id) ?? { count: 0, primaries: 0, index: i };
      employers.set(r.from.id, {
        count: e.count + 1,
        primaries: e.primaries + (r.primary ? 1 : 0),
        index: i,
      });
    }
    if (r.type === 'attends' && r.to.kind !== 'actor_group') {
      err(['relations', i, 'to'], 'invalid_relation', 'attends goes to a forum (an actor group)');
    }
  });
  for (const [id, e] of employers) {
    if (e.count > 2)
      err(
        ['relations', e.index],
        'invalid_employment',
        `"${id}" has ${e.count} employers; at most two`,
      );
    else if (e.primaries !== 1)
      err(
        ['relations', e.index],
        'invalid_employment',
        `"${id}" needs exactly one primary employer, has ${e.primaries}`,
      );
  }
}

/** Content hashes, participants and speaker turns; each document's text by id. */
function checkDocuments(ctx: CheckContext, ids: DeclaredIds): Map<string, OffsetConverter> {
  const { study, err } = ctx;
  const { actors, speakerOk } = ids;
  const docText = new Map<string, OffsetConverter>();
  study.documents.forEach((d, i) => {
    const conv = createOffsetConverter(d.text);
    const length = conv.length;
    docText.set(d.id, conv);
    if (d.contentHash !== contentHash(d.text)) {
      err(
        ['documents', i, 'contentHash'],
        'invalid_value',
        `content hash of document "${d.id}" does not match its text`,
      );
    }
    d.participants.forEach((p, j) => {
      if (actors.get(p) !== 'informant')
        err(['documents', i, 'participants', j], 'unknown_informant', `unknown informant "${p}"`);
    });
    let prevEnd = 0;
    d.turns.forEach((t, j) => {
      const at = ['documents', i, 'turns', j];
      if (!speakerOk(t.speaker))
        err([...at, 'speaker'], 'unknown_speaker', `unknown ${t.speaker.kind} "${t.speaker.id}"`);
      if (!(t.start <= t.contentStart && t.contentStart <= t.end && t.end <= length)) {
        err(
          at,
          'offset_out_of_range',
          `turn ${t.start}–${t.end} is not a span of document "${d.id}" (${length} code points)`,
        );
      } else if (t.start < prevEnd) {
        err(
          at,
          'overlapping_turns',
          `turn at ${t.start} starts before the previous turn ends (${prevEnd}) in document "${d.id}"`,
        );
      }
      prevEnd = Math.max(prevEnd, t.end);
    });
  });

  return docText;
}

/** Excerpt spans against their documents' text, speakers and performers. */
function checkExcerpts(
  ctx: CheckContext,
  ids: DeclaredIds,
  docText: ReadonlyMap<string, OffsetConverter>,
): void {
  const { study, err } = ctx;
  const { actorOk, speakerOk } = ids;
  study.excerpts.forEach((x, i) => {
    const doc = docText.get(x.documentId);
    if (doc === undefined) {
      err(['excerpts', i, 'documentId'], 'unknown_document', `unknown document "${x.documentId}"`);
    } else if (!(x.start < x.end && x.end <= doc.length)) {
      err(
        ['excerpts', i],
        'offset_out_of_range',
        `excerpt ${x.start}–${x.end} is not a span of document "${x.documentId}" (${doc.length} code points)`,
      );
    } else if (doc.slice(x.start, x.end) !== x.text) {
      err(
        ['excerpts', i, 'text'],
        'span_mismatch',
        `excerpt "${x.id}" text differs from its span of document "${x.documentId}"`,
      );
    }
    if (x.speaker !== undefined && !speakerOk(x.speaker))
      err(
        ['excerpts', i, 'speaker'],
        'unknown_speaker',
        `unknown ${x.speaker.kind} "${x.speaker.id}"`,
      );
    if (x.performer !== undefined && !actorOk(x.performer))
      err(
        ['excerpts', i, 'performer'],
        'unknown_actor',
        `unknown ${x.performer.kind} "${x.performer.id}"`,
      );
    if ((x.performer === undefined) !== (x.performerSource === 'none')) {
      err(
        ['excerpts', i, 'performerSource'],
        'invalid_value',
        `performerSource "${x.performerSource}" does not fit ${x.performer === undefined ? 'a missing' : 'a given'} performer`,
      );
    }
  });
}

/** Codings: their excerpt, code and coder; the same coding twice is a warning. */
function checkCodings(ctx: CheckContext, ids: DeclaredIds): void {
  const { study, err, issues } = ctx;
  const { excerpts, studyCodes, coders } = ids;
  const codingKeys = new Set<string>();
  study.codings.forEach((c, i) => {
    if (!excerpts.has(c.excerptId))
      err(['codings', i, 'excerptId'], 'unknown_excerpt', `unknown excerpt "${c.excerptId}"`);
    if (!isKnownCodeKey(c.code, studyCodes))
      err(['codings', i, 'code'], 'unknown_code', `unknown code "${c.code}"`);
    if (!coders.has(c.coderId))
      err(['codings', i, 'coderId'], 'unknown_coder', `unknown coder "${c.coderId}"`);
    const key = `${c.excerptId}\u001f${c.code}\u001f${c.coderId}`;
    if (codingKeys.has(key)) {
      issues.push({
        severity: 'warning',
        code: 'duplicate_coding',
        path: ['codings', i],
        message: `${c.coderId} applies ${c.code} to excerpt "${c.excerptId}" twice`,
      });
    }
    codingKeys.add(key);
  });
}

/** What memos are about, and the organisation and evidence of phase events. */
function checkMemosAndPhaseEvents(ctx: CheckContext, ids: DeclaredIds): void {
  const { study, err } = ctx;
  const { documents, excerpts, studyCodes, actors, orgs } = ids;
  study.memos.forEach((m, i) => {
    m.about.forEach((a, j) => {
      const at = ['memos', i, 'about', j];
      const known =
        a.kind === 'document'
          ? documents.has(a.id)
          : a.kind === 'excerpt'
            ? excerpts.has(a.id)
            : a.kind === 'code'
              ? isKnownCodeKey(a.id, studyCodes)
              : a.kind === 'informant' || a.kind === 'organisation' || a.kind === 'actor_group'
                ? actors.get(a.id) === a.kind
                : true;
      if (!known)
        err(
          at,
          a.kind === 'code'
            ? 'unknown_code'
            : a.kind === 'document'
              ? 'unknown_document'
              : a.kind === 'excerpt'
                ? 'unknown_excerpt'
                : 'unknown_actor',
          `memo "${m.id}" is about unknown ${a.kind} "${a.id}"`,
        );
    });
  });
  study.phaseEvents.forEach((e, i) => {
    if (!orgs.has(e.organisationId))
      err(
        ['phaseEvents', i, 'organisationId'],
        'unknown_organisation',
        `unknown organisation "${e.organisationId}"`,
      );
    e.evidence.forEach((x, j) => {
      if (!excerpts.has(x))
        err(['phaseEvents', i, 'evidence', j], 'unknown_excerpt', `unknown excerpt "${x}"`);
    });
  });
}

/**
 * Checks a whole study object from any source (a REFI-QDA import, a demo study built in code)
 * the way the folder reader checks a folder: the schema first, then every cross-reference.
 * Issues carry a model `path` (e.g. `['excerpts', 3, 'end']`) instead of a file location.
 *
 * Checked: unique ids; positions, organisations, actors, speakers, coders, documents and
 * excerpts that references name; code keys (framework or the study's own); dimension values
 * against the vocabularies plus the study's extensions; relation ends and employment (at most
 * two employers, one primary); speaker turns (in range, ordered, not overlapping); excerpt
 * spans (in range, text equal to the slice); content hashes.
 *
 * @returns the issues; an empty array means the study is consistent
 */
export function checkStudy(input: unknown): StudyIssue[] {
  const parsed = Study.safeParse(input);
  if (!parsed.success) {
    return parsed.error.issues.map((i) => ({
      severity: 'error' as const,
      code: 'invalid_value' as const,
      path: i.path.filter((p): p is string | number => typeof p !== 'symbol'),
      message: `${i.path.map(String).join('.')}: ${i.message}`,
    }));
  }
  const issues: StudyIssue[] = [];
  const ctx: CheckContext = {
    study: parsed.data,
    issues,
    err: (path, code, message) => {
      issues.push({ severity: 'error', code, path, message });
    },
  };
  const ids = checkIds(ctx);
  checkVocabularies(ctx, ids);
  checkCodebook(ctx, ids);
  checkRelations(ctx, ids);
  checkExcerpts(ctx, ids, checkDocuments(ctx, ids));
  checkCodings(ctx, ids);
  checkMemosAndPhaseEvents(ctx, ids);
  return issues;
}
