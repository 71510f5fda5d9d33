import { createHash } from 'node:crypto';
import type {
  Coding,
  DocumentBundle,
  Excerpt,
  Memo,
  StudyDimensions,
  StudyDocument,
  StudyManifest,
} from '@iwa/study';
import type { ImportSource, OpenResult } from './import-source.ts';

/*
 * Several sources in one import: every coder's copy of the same project (one .qdpx per coder),
 * or study folders, or both, merged into ONE import source before anything is checked or
 * written. The rules (docs/study-format.md, "Several coders"):
 *
 * - The study (id, name, description, language) is the first source's; open the sources with the
 *   same study id (`--study`) so that derived excerpt ids agree.
 * - Manifest entries (codes, coders, informants, speakers, positions, organisations, actor
 *   groups, relations, variables, memos, phase events, sets, links) are united by id. An entry
 *   in several sources must not contradict itself: a field given in two sources must be the same
 *   (a field only one gives is taken from it); otherwise it is an error naming both sources.
 * - Documents are matched by id and must have the identical text in every source that holds
 *   them. Descriptive fields follow the manifest rule; where the text came from, who created it
 *   and when are the first source's.
 * - Excerpts are united by id: the same id must be the same span (and the same explicit
 *   performer, name and description where both give one). Codings are united; an exact
 *   duplicate (same excerpt, code and coder) is kept once, the first source's. Memos are united
 *   by id, like manifest entries.
 * - The order is the order of first appearance, sources taken in the order given, so the same
 *   command gives the same bundles (and the same hashes) every time: a re-run changes nothing.
 *
 * The merged source holds every document of every source in memory while it is read (each pass
 * reads all sources before yielding); one source is passed through unchanged, streaming.
 */

type Named<T> = { value: T; from: string };

const MISSING = Symbol('missing');

/** A stable JSON text: object keys sorted, so equal values compare equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : v,
  );
}

function given(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

function show(v: unknown): string {
  const text = typeof v === 'string' ? JSON.stringify(v) : canonical(v);
  return text.length > 70 ? `${text.slice(0, 67)}…` : text;
}

/** A short name for a source in messages: the path, without the "REFI-QDA project" prefix. */
function nameOf(source: ImportSource): string {
  return source.description.replace(/^(REFI-QDA project|study folder) /, '');
}

/**
 * Merges two definitions of one entry field by field: a field given in only one is taken from
 * it, a field given in both must be equal. `firstWins` fields (provenance) take the first given.
 */
function mergeEntry<T extends object>(
  first: T,
  second: T,
  firstWins: readonly string[] = [],
): { value: T; conflicts: string[] } {
  const out: Record<string, unknown> = { ...(first as Record<string, unknown>) };
  const conflicts: string[] = [];
  const a = first as Record<string, unknown>;
  const b = second as Record<string, unknown>;
  for (const key of Object.keys(b)) {
    const av = key in a ? a[key] : MISSING;
    const bv = b[key];
    if (!given(bv)) continue;
    if (av === MISSING || !given(av)) {
      out[key] = bv;
      continue;
    }
    if (firstWins.includes(key)) continue;
    if (canonical(av) !== canonical(bv)) conflicts.push(`${key} ${show(av)} vs ${show(bv)}`);
  }
  return { value: out as T, conflicts };
}

/** Unites lists of entries by key, in order of first appearance; conflicts become messages. */
function uniteBy<T extends object>(
  lists: readonly Named<readonly T[]>[],
  by: { key: (item: T) => string; what: string; firstWins?: readonly string[] },
  errors: string[],
): T[] {
  const { key: keyOf, what, firstWins = [] } = by;
  const seen = new Map<string, Named<T>>();
  for (const list of lists) {
    for (const item of list.value) {
      const key = keyOf(item);
      const prev = seen.get(key);
      if (prev === undefined) {
        seen.set(key, { value: item, from: list.from });
        continue;
      }
      const merged = mergeEntry(prev.value, item, firstWins);
      if (merged.conflicts.length > 0) {
        errors.push(
          `${what} ${key} is defined differently in ${prev.from} and ${list.from}: ${merged.conflicts.join('; ')}; make the two definitions the same (or rename one), then import again`,
        );
        continue;
      }
      seen.set(key, { value: merged.value, from: prev.from });
    }
  }
  return [...seen.values()].map((n) => n.value);
}

function uniteDimensions(list: readonly StudyDimensions[]): StudyDimensions {
  const out: Record<string, string[]> = {};
  for (const dims of list) {
    for (const [key, values] of Object.entries(dims)) {
      if (values === undefined) continue;
      const into = (out[key] ??= []);
      for (const v of values) if (!into.includes(v)) into.push(v);
    }
  }
  return out;
}

const ACTOR_SPACES = ['informants', 'organisations', 'actorGroups'] as const;

/** Merges the manifests: the study itself from the first, every list united by id. */
export function mergeManifests(
  manifests: readonly Named<StudyManifest>[],
): { ok: true; manifest: StudyManifest } | { ok: false; errors: string[] } {
  const [first] = manifests;
  if (first === undefined) throw new Error('mergeManifests: no manifest');
  const errors: string[] = [];
  const lists = <K extends keyof StudyManifest>(key: K) =>
    manifests.map((m) => ({ value: m.value[key], from: m.from }));
  const byId = <T extends { id: string }>(t: T) => t.id;
  const manifest: StudyManifest = {
    ...first.value,
    informants: uniteBy(lists('informants'), { key: byId, what: 'informant' }, errors),
    speakers: uniteBy(lists('speakers'), { key: byId, what: 'speaker' }, errors),
    positions: uniteBy(lists('positions'), { key: byId, what: 'position' }, errors),
    organisations: uniteBy(lists('organisations'), { key: byId, what: 'organisation' }, errors),
    actorGroups: uniteBy(lists('actorGroups'), { key: byId, what: 'actor group' }, errors),
    relations: uniteBy(lists('relations'), { key: byId, what: 'relation' }, errors),
    coders: uniteBy(lists('coders'), { key: byId, what: 'coder' }, errors),
    memos: uniteBy(lists('memos'), { key: byId, what: 'memo', firstWins: ['createdAt'] }, errors),
    codebook: {
      codes: uniteBy(
        manifests.map((m) => ({ value: m.value.codebook.codes, from: m.from })),
        { key: (c) => c.key, what: 'code' },
        errors,
      ),
    },
    dimensions: uniteDimensions(manifests.map((m) => m.value.dimensions)),
    variables: uniteBy(lists('variables'), { key: (v) => v.key, what: 'variable' }, errors),
    phaseEvents: uniteBy(lists('phaseEvents'), { key: byId, what: 'phase event' }, errors),
    sets: uniteBy(lists('sets'), { key: byId, what: 'set' }, errors),
    links: uniteBy(lists('links'), { key: byId, what: 'link' }, errors),
  };
  const models = manifests.filter((m) => m.value.phaseModel !== undefined);
  const [model] = models;
  const otherModel = models.find(
    (m) => canonical(m.value.phaseModel) !== canonical(model?.value.phaseModel),
  );
  if (model !== undefined && otherModel !== undefined) {
    errors.push(
      `the phase model of ${model.from} differs from the one of ${otherModel.from}; keep one phase model (the same in every source), then import again`,
    );
  }
  // informants, organisations and actor groups share one id space
  const kindOf = new Map<string, Named<string>>();
  for (const space of ACTOR_SPACES) {
    for (const m of manifests) {
      for (const a of m.value[space]) {
        const prev = kindOf.get(a.id);
        if (prev !== undefined && prev.value !== space) {
          errors.push(
            `${a.id} is one of the ${prev.value} in ${prev.from} but one of the ${space} in ${m.from}; informants, organisations and actor groups share one id space: rename one, then import again`,
          );
        } else if (prev === undefined) kindOf.set(a.id, { value: space, from: m.from });
      }
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, manifest };
}

/** Where two texts first differ, as `character N (line L)`. */
function firstDifference(a: string, b: string): string {
  const ca = [...a];
  const cb = [...b];
  let i = 0;
  while (i < ca.length && i < cb.length && ca[i] === cb[i]) i++;
  const line = ca.slice(0, i).filter((c) => c === '\n').length + 1;
  const around = (cs: string[]) => show(cs.slice(i, i + 30).join(''));
  return `first difference at character ${i} (line ${line}): ${around(ca)} vs ${around(cb)}; ${ca.length} vs ${cb.length} characters`;
}

const DOCUMENT_PROVENANCE = ['sourcePath', 'creatingUser', 'createdAt', 'turns', 'contentHash'];
const EXCERPT_PROVENANCE = ['creatingUser', 'createdAt', 'speaker'];

/** Merges the bundles of one document from several sources (first source first). */
export function mergeBundles(
  bundles: readonly Named<DocumentBundle>[],
): { ok: true; bundle: DocumentBundle } | { ok: false; errors: string[] } {
  const [first] = bundles;
  if (first === undefined) throw new Error('mergeBundles: no bundle');
  if (bundles.length === 1) return { ok: true, bundle: first.value };
  const errors: string[] = [];
  const id = first.value.document.id;
  let document: StudyDocument = first.value.document;
  for (const other of bundles.slice(1)) {
    const doc = other.value.document;
    if (doc.text !== document.text) {
      errors.push(
        `document ${id}: the text in ${other.from} is not the text in ${first.from} (${firstDifference(document.text, doc.text)}); files imported together must hold the same text for a document: give every coder a copy of the same project (or the same transcripts), or import the changed text on its own under another document id`,
      );
      continue;
    }
    const merged = mergeEntry(document, doc, DOCUMENT_PROVENANCE);
    if (merged.conflicts.length > 0) {
      errors.push(
        `document ${id} is described differently in ${first.from} and ${other.from}: ${merged.conflicts.join('; ')}; make the two descriptions the same, then import again`,
      );
      continue;
    }
    document = merged.value;
  }
  if (errors.length > 0) return { ok: false, errors };

  const excerpts = new Map<string, Named<Excerpt>>();
  for (const b of bundles) {
    for (const x of b.value.excerpts) {
      const prev = excerpts.get(x.id);
      if (prev === undefined) {
        excerpts.set(x.id, { value: x, from: b.from });
        continue;
      }
      if (prev.value.start !== x.start || prev.value.end !== x.end) {
        errors.push(
          `document ${id}: excerpt ${x.id} spans ${prev.value.start}–${prev.value.end} in ${prev.from} but ${x.start}–${x.end} in ${b.from}; an excerpt id names one span: give one of them another id, then import again`,
        );
        continue;
      }
      // an explicit performer wins over one derived from the speaker; two explicit ones must agree
      const explicit = (e: Excerpt) => e.performerSource === 'explicit';
      const performerOf = (e: Excerpt): Pick<Excerpt, 'performer' | 'performerSource'> =>
        e.performer === undefined
          ? { performerSource: e.performerSource }
          : { performer: e.performer, performerSource: e.performerSource };
      const withPerformer = (e: Excerpt, from: Excerpt): Excerpt => {
        const { performer: _drop, ...rest } = e;
        return { ...rest, ...performerOf(from) };
      };
      const base = explicit(x) && !explicit(prev.value) ? withPerformer(prev.value, x) : prev.value;
      const add = explicit(x) ? x : withPerformer(x, base);
      const merged = mergeEntry(base, add, EXCERPT_PROVENANCE);
      if (merged.conflicts.length > 0) {
        errors.push(
          `document ${id}: excerpt ${x.id} (${x.start}–${x.end}) differs between ${prev.from} and ${b.from}: ${merged.conflicts.join('; ')}; make them agree (one performer for one span), then import again`,
        );
        continue;
      }
      excerpts.set(x.id, { value: merged.value, from: prev.from });
    }
  }

  const codings = new Map<string, Named<Coding>>();
  const byTriple = new Set<string>();
  for (const b of bundles) {
    for (const c of b.value.codings) {
      const triple = `${c.excerptId}\u0000${c.code}\u0000${c.coderId}`;
      const prev = codings.get(c.id);
      if (prev !== undefined) {
        const p = prev.value;
        if (p.excerptId !== c.excerptId || p.code !== c.code || p.coderId !== c.coderId) {
          errors.push(
            `document ${id}: coding ${c.id} is ${p.code} by ${p.coderId} on excerpt ${p.excerptId} in ${prev.from} but ${c.code} by ${c.coderId} on excerpt ${c.excerptId} in ${b.from}; a coding id names one coding: give one of them another id, then import again`,
          );
        }
        continue;
      }
      if (byTriple.has(triple)) continue; // the same coding, another id: kept once
      byTriple.add(triple);
      codings.set(c.id, { value: c, from: b.from });
    }
  }

  const memos = uniteBy<Memo>(
    bundles.map((b) => ({ value: b.value.memos, from: b.from })),
    { key: (m) => m.id, what: `document ${id}: memo`, firstWins: ['createdAt'] },
    errors,
  );
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    bundle: {
      document,
      excerpts: [...excerpts.values()].map((n) => n.value),
      codings: [...codings.values()].map((n) => n.value),
      memos,
    },
  };
}

/**
 * Merges several import sources into one (see the rules above). Returns every conflict found in
 * the manifests; conflicts in documents come as error items from `documents()`, so validation
 * reports them with everything else and nothing is written.
 */
export function mergeSources(sources: readonly ImportSource[]): OpenResult {
  const [first] = sources;
  if (first === undefined) throw new Error('mergeSources: no source');
  if (sources.length === 1) return { ok: true, source: first };
  const names = sources.map(nameOf);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate !== undefined)
    return {
      ok: false,
      errors: [`${duplicate} is named twice; name each file or folder once`],
    };
  const manifests = mergeManifests(
    sources.map((s, i) => ({ value: s.manifest, from: names[i] ?? '' })),
  );
  const errors = manifests.ok ? [] : [...manifests.errors];
  const claims = sources.filter((s) => s.claims !== undefined);
  const claimsFrom = claims[0];
  const otherClaims = claims.find((s) => s.claims !== claimsFrom?.claims);
  if (claimsFrom !== undefined && otherClaims !== undefined) {
    errors.push(
      `${nameOf(claimsFrom)} and ${nameOf(otherClaims)} have different claims files; keep the claims in one source (or make them the same), then import again`,
    );
  }
  if (!manifests.ok || errors.length > 0) return { ok: false, errors };
  const extra: ImportSource['extra'] = {};
  const updateExtra = (): void => {
    const units = sources.map((s, i) => [names[i], s.extra.offsetUnit] as const);
    const distinct = new Set(units.map(([, u]) => u).filter((u) => u !== undefined));
    const [only] = distinct;
    if (distinct.size === 1 && only !== undefined) extra.offsetUnit = only;
    else if (distinct.size > 1)
      extra.offsetUnit = units
        .filter(([, u]) => u !== undefined)
        .map(([n, u]) => `${u ?? ''} (${n ?? ''})`)
        .join(', ');
    const notCarried: Record<string, number> = {};
    for (const s of sources)
      for (const [k, v] of Object.entries(s.extra.notCarried ?? {}))
        notCarried[k] = (notCarried[k] ?? 0) + v;
    if (Object.keys(notCarried).length > 0) extra.notCarried = notCarried;
    const coverages = sources.flatMap((s) => (s.extra.speakers ? [s.extra.speakers] : []));
    if (coverages.length > 0) {
      const by: Record<string, number> = {};
      for (const c of coverages)
        for (const [k, v] of Object.entries(c.by)) by[k] = (by[k] ?? 0) + v;
      extra.speakers = {
        excerpts: coverages.reduce((n, c) => n + c.excerpts, 0),
        withSpeaker: coverages.reduce((n, c) => n + c.withSpeaker, 0),
        byCase: coverages.reduce((n, c) => n + c.byCase, 0),
        by,
        nonCase: coverages.flatMap((c) => c.nonCase),
        unmatched: coverages.flatMap((c) => c.unmatched),
        documentsWithout: coverages.flatMap((c) => c.documentsWithout),
      };
    }
    const matches = sources.flatMap((s) => s.extra.codeMatches ?? []);
    if (matches.length > 0) extra.codeMatches = matches;
  };
  return {
    ok: true,
    source: {
      description: `${sources.length} sources: ${sources.map((s) => s.description).join(' + ')}`,
      manifest: manifests.manifest,
      get warnings() {
        return sources.flatMap((s) => s.warnings);
      },
      extra,
      claims: claimsFrom?.claims,
      async *documents() {
        const order: string[] = [];
        const byId = new Map<string, Named<DocumentBundle>[]>();
        for (const [i, source] of sources.entries()) {
          const from = names[i] ?? '';
          const mine = new Set<string>();
          for await (const item of source.documents()) {
            if (!item.ok) {
              yield item;
              continue;
            }
            const id = item.bundle.document.id;
            if (mine.has(id)) {
              yield {
                ok: false as const,
                errors: [`${from}: document id ${id} appears twice: give each document its own id`],
              };
              continue;
            }
            mine.add(id);
            const list = byId.get(id);
            if (list === undefined) {
              order.push(id);
              byId.set(id, [{ value: item.bundle, from }]);
            } else list.push({ value: item.bundle, from });
          }
        }
        updateExtra();
        for (const id of order) {
          const merged = mergeBundles(byId.get(id) ?? []);
          byId.delete(id);
          yield merged.ok
            ? { ok: true as const, bundle: merged.bundle }
            : { ok: false as const, errors: merged.errors };
        }
      },
      async contentHash() {
        const hash = createHash('sha256');
        for (const s of sources) hash.update(`${await s.contentHash()}\u0000`);
        return `sha256:${hash.digest('hex')}`;
      },
      // the name is the first source's; every source a .qdpx keeps the stored name
      ...(sources.every((s) => s.keepStoredName === true) ? { keepStoredName: true } : {}),
    },
  };
}
