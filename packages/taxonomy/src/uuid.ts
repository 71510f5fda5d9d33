import { z } from 'zod';
import { sha1 } from './sha1.ts';

/** The DNS namespace of RFC 9562 (formerly RFC 4122), appendix A. */
export const NAMESPACE_DNS = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';
/** The URL namespace of RFC 9562 (formerly RFC 4122), appendix A. */
export const NAMESPACE_URL = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

/**
 * The namespace of every iwa code GUID: `uuidv5('urn:iwa:code', NAMESPACE_URL)`. A code's GUID is
 * `uuidv5(code.key, IWA_NAMESPACE)`, so the same key gets the same GUID in every export, in every
 * study and in every version of iwa. Never change this value.
 */
export const IWA_NAMESPACE = 'f139af0d-7a9b-5653-ba79-5bd38af77712';

/** A GUID as REFI-QDA writes it: 8-4-4-4-12 hex digits, lowercase in iwa's own output. */
export const Guid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'a lowercase GUID');
export type Guid = z.infer<typeof Guid>;

/**
 * A name-based UUID, version 5 (SHA-1), as specified in RFC 9562 §5.5: the same name in the same
 * namespace always gives the same UUID. Synchronous and free of `node:crypto`, so it runs in a
 * browser bundle too.
 *
 * @param name the name, hashed as UTF-8
 * @param namespace a UUID in the 8-4-4-4-12 form (any case, braces allowed)
 * @returns the UUID in lowercase
 *
 * @example
 * uuidv5('www.example.com', NAMESPACE_DNS) // '2ed6657d-e927-568b-95e1-2665a8aea6a2'
 */
export function uuidv5(name: string, namespace: string): string {
  const ns = uuidBytes(namespace);
  const nameBytes = new TextEncoder().encode(name);
  const input = new Uint8Array(ns.length + nameBytes.length);
  input.set(ns);
  input.set(nameBytes, ns.length);
  const hash = sha1(input).subarray(0, 16);
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50; // version 5
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80; // variant 10xx (RFC 9562)
  let hex = '';
  for (const byte of hash) hex += byte.toString(16).padStart(2, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Normalises a GUID as other tools write it (uppercase, in braces) to iwa's form: lowercase, no
 * braces. Returns undefined when `value` is not a GUID at all.
 *
 * @example
 * normalizeGuid('{2ED6657D-E927-568B-95E1-2665A8AEA6A2}') // '2ed6657d-e927-568b-95e1-2665a8aea6a2'
 */
export function normalizeGuid(value: string): string | undefined {
  const match =
    /^\s*\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?\s*$/.exec(
      value,
    );
  return match?.[1]?.toLowerCase();
}

function uuidBytes(uuid: string): Uint8Array {
  const normal = normalizeGuid(uuid);
  if (!normal) throw new TypeError(`Not a UUID: ${uuid}`);
  const hex = normal.replaceAll('-', '');
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 16; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}
