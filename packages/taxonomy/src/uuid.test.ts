import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  Guid,
  IWA_NAMESPACE,
  NAMESPACE_DNS,
  NAMESPACE_URL,
  normalizeGuid,
  uuidv5,
} from './uuid.ts';

/** A reference UUIDv5 built on node:crypto, to cross-check the portable one. */
function nodeUuidv5(name: string, namespace: string): string {
  const ns = Buffer.from(namespace.replaceAll('-', ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest().subarray(0, 16);
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

describe('uuidv5', () => {
  it('gives the known values', () => {
    expect(uuidv5('www.example.com', NAMESPACE_DNS)).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    // Python: uuid.uuid5(uuid.NAMESPACE_DNS, 'python.org')
    expect(uuidv5('python.org', NAMESPACE_DNS)).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });

  it('derives the iwa namespace from a URL name, once and for all', () => {
    expect(uuidv5('urn:iwa:code', NAMESPACE_URL)).toBe(IWA_NAMESPACE);
  });

  it('agrees with a node:crypto implementation, whatever the name', () => {
    for (const name of [
      '',
      'form.structural',
      'lns.valorizing_and_demonizing',
      'tëma 🧭',
      'x'.repeat(300),
    ]) {
      expect(uuidv5(name, IWA_NAMESPACE)).toBe(nodeUuidv5(name, IWA_NAMESPACE));
      expect(uuidv5(name, NAMESPACE_URL)).toBe(nodeUuidv5(name, NAMESPACE_URL));
    }
  });

  it('sets the version and variant bits and accepts the namespace in any case', () => {
    const id = uuidv5('form.relational', IWA_NAMESPACE);
    expect(Guid.parse(id)).toBe(id);
    expect(id[14]).toBe('5');
    expect('89ab').toContain(id[19]);
    expect(uuidv5('form.relational', `{${IWA_NAMESPACE.toUpperCase()}}`)).toBe(id);
    expect(() => uuidv5('x', 'not-a-uuid')).toThrow(TypeError);
  });
});

describe('normalizeGuid', () => {
  it('lowercases and strips braces; rejects what is not a GUID', () => {
    expect(normalizeGuid('{2ED6657D-E927-568B-95E1-2665A8AEA6A2}')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
    expect(normalizeGuid(' 2ed6657d-e927-568b-95e1-2665a8aea6a2 ')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
    expect(normalizeGuid('2ed6657d-e927-568b-95e1')).toBeUndefined();
  });
});
