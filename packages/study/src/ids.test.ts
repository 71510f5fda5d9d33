import { describe, expect, it } from 'vitest';
import { codingId, contentHash, excerptId, memoId, phaseEventId, relationId } from './ids.ts';
import { normaliseText } from './text-source.ts';

describe('deterministic ids', () => {
  it('gives the same excerpt id for the same study, document and span, and differs otherwise', () => {
    const a = excerptId('ips-managers', 'M07', { start: 120, end: 245 });
    expect(a).toMatch(/^ex-[0-9a-f]{16}$/);
    expect(excerptId('ips-managers', 'M07', { start: 120, end: 245 })).toBe(a);
    expect(excerptId('ips-managers', 'M07', { start: 120, end: 246 })).not.toBe(a);
    expect(excerptId('ips-managers', 'M08', { start: 120, end: 245 })).not.toBe(a);
    expect(excerptId('other-study', 'M07', { start: 120, end: 245 })).not.toBe(a);
    // the separator keeps ('M0', '7…') apart from ('M07', '…')
    expect(excerptId('s', 'M1', { start: 12, end: 3 })).not.toBe(
      excerptId('s', 'M11', { start: 2, end: 3 }),
    );
  });

  it('derives coding, relation, memo and phase event ids from their defining fields', () => {
    const ex = excerptId('s', 'M07', { start: 0, end: 10 });
    expect(codingId(ex, 'form.relational', 'kari')).toMatch(/^cd-[0-9a-f]{16}$/);
    expect(codingId(ex, 'form.relational', 'kari')).not.toBe(
      codingId(ex, 'form.relational', 'ole'),
    );
    const from = { kind: 'informant', id: 'A07' } as const;
    const to = { kind: 'organisation', id: 'nav_vest' } as const;
    expect(relationId('employed_by', from, to)).toBe(relationId('employed_by', from, to));
    expect(relationId('employed_by', from, to)).not.toBe(relationId('advises', from, to));
    expect(memoId([{ kind: 'excerpt', id: ex }], 'resistance?')).toMatch(/^memo-/);
    expect(phaseEventId('dps_nord', 'adoption_decided', { date: '2019' })).not.toBe(
      phaseEventId('dps_nord', 'adoption_decided', { date: '2019', ordinal: 1 }),
    );
  });

  it('hashes the normalised text, so BOM and CRLF do not change the content hash', () => {
    const lf = normaliseText('M07: We met the DPS.\nI: When?').text;
    const crlf = normaliseText('\uFEFFM07: We met the DPS.\r\nI: When?').text;
    expect(contentHash(crlf)).toBe(contentHash(lf));
    expect(contentHash(lf)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(contentHash('abc')).toBe(
      'sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});
