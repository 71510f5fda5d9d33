import { createHash } from 'node:crypto';
import type { ActorRef } from './model.ts';

/*
 * Deterministic ids: reading the same study twice gives the same ids, so imports are
 * idempotent. Each id is a kind prefix plus the first 16 hex digits (64 bits) of a SHA-256 over
 * the defining fields, joined with U+001F (a separator that cannot occur in ids).
 */

const SEP = '\u001f';

function shortHash(parts: readonly (string | number)[]): string {
  return createHash('sha256').update(parts.join(SEP), 'utf8').digest('hex').slice(0, 16);
}

/**
 * The id of an excerpt that was given none: `ex-` + hash(studyId, documentId, start, end).
 *
 * @example
 * excerptId('ips-managers', 'M07', 120, 245) // 'ex-…' (16 hex digits), the same every time
 */
export function excerptId(
  studyId: string,
  documentId: string,
  span: { readonly start: number; readonly end: number },
): string {
  return `ex-${shortHash(['excerpt', studyId, documentId, span.start, span.end])}`;
}

/** The id of a coding: `cd-` + hash(excerptId, code, coderId). */
export function codingId(excerptIdValue: string, code: string, coderId: string): string {
  return `cd-${shortHash(['coding', excerptIdValue, code, coderId])}`;
}

/**
 * The id of an actor relation that was given none: `rel-` + hash(type, from, to). There is
 * at most one relation of a type between two actors.
 */
export function relationId(type: string, from: ActorRef, to: ActorRef): string {
  return `rel-${shortHash(['relation', type, from.kind, from.id, to.kind, to.id])}`;
}

/** The id of a memo that was given none: `memo-` + hash(what it is about, its text). */
export function memoId(about: readonly { kind: string; id: string }[], text: string): string {
  return `memo-${shortHash(['memo', ...about.flatMap((a) => [a.kind, a.id]), text])}`;
}

/**
 * The id of a phase event that was given none: `pe-` + hash(organisation, type, date,
 * ordinal), where `ordinal` tells apart events equal in the other three.
 */
export function phaseEventId(
  organisationId: string,
  type: string,
  options: { readonly date?: string | undefined; readonly ordinal?: number } = {},
): string {
  return `pe-${shortHash(['phase_event', organisationId, type, options.date ?? '', options.ordinal ?? 0])}`;
}

/**
 * The content hash of a normalised document text: `sha256:` + hex of its UTF-8 bytes. Equal
 * texts give equal hashes whatever their original BOM or line ends.
 */
export function contentHash(normalisedText: string): string {
  return `sha256:${createHash('sha256').update(normalisedText, 'utf8').digest('hex')}`;
}
