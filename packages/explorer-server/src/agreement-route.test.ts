import { describe, expect, it } from 'vitest';
import { AgreementResponse, ApiErrorBody } from './api-types.ts';
import { fixtureApp, getJson } from '../test/fixture-app.ts';
import { IPS_FIXTURE_STUDY } from '../test/fixture-study.ts';

const S = '/api/studies/fixture-ips';
const study = IPS_FIXTURE_STUDY;

async function agreement(query = '') {
  const { status, body } = await getJson(fixtureApp(), `${S}/agreement${query}`);
  expect(status).toBe(200);
  return AgreementResponse.parse(body);
}

async function errorOf(path: string) {
  const { status, body } = await getJson(fixtureApp(), path);
  return { status, ...ApiErrorBody.parse(body).error };
}

const codePoints = (text: string, start: number, end: number) =>
  Array.from(text).slice(start, end).join('');

describe('GET /api/studies/:id/agreement', () => {
  it('gives segment agreement of both fixture coders, with titles and every disagreement', async () => {
    const a = await agreement();
    expect(a).toMatchObject({
      unit: 'segment',
      minOverlap: 0.5,
      family: null,
      coders: ['coder-a', 'coder-b'],
      studyCoders: ['coder-a', 'coder-b'],
      caveat: null,
      skippedDocuments: [],
    });
    // coder-b coded every third excerpt exactly as coder-a did: each excerpt is a unit, and the
    // excerpts coder-a coded alone are the disagreements
    expect(a.units).toBe(study.excerpts.length);
    const alone = study.excerpts.filter((e) => e.coders.length === 1);
    expect(a.disagreements.total).toBe(alone.length);
    expect(a.disagreements.items).toHaveLength(alone.length);
    const codes = new Set(study.excerpts.flatMap((e) => e.codes));
    expect(a.byCode.map((r) => r.key).sort()).toEqual([...codes].sort());
    for (const r of a.byCode) {
      expect(r.items).toBe(study.excerpts.length);
      expect(r.itemsCoded).toBe(study.excerpts.filter((e) => e.codes.includes(r.key)).length);
    }
    expect(a.byCode.find((r) => r.key === 'form.operational')?.label).toBe('Operational');
    // pairwise percent agreement = agreeing items / items
    const disagreeing = alone.reduce((n, e) => n + e.codes.length, 0);
    const items = study.excerpts.length * codes.size;
    expect(a.overall.items).toBe(items);
    expect(a.overall.pairwisePct.value).toBeCloseTo(100 * (1 - disagreeing / items), 9);
    expect(a.overall.alpha.value).toBeGreaterThan(0);
    expect(a.overall.alpha.value).toBeLessThan(1);
    expect(a.overall.kappa.reason).toBeNull();
    // documents carry their titles; disagreements quote their span of the document
    const titles = new Map(study.documents.map((d) => [d.id, d.title]));
    for (const r of a.byDocument) expect(r.label).toBe(titles.get(r.key));
    for (const d of a.disagreements.items) {
      const doc = study.documents.find((x) => x.id === d.documentId);
      expect(d.documentTitle).toBe(doc?.title);
      expect(d.text).toBe(codePoints(doc?.text ?? '', d.start, d.end));
      expect(d.codes.find((c) => c.coder === 'coder-b')?.codes).toEqual([]);
      expect(d.disputed).toEqual([...(d.codes.find((c) => c.coder === 'coder-a')?.codes ?? [])]);
    }
  });

  it('limits the disagreement list but not its total', async () => {
    const a = await agreement('?limit=2');
    expect(a.disagreements.items).toHaveLength(2);
    expect(a.disagreements.total).toBe(study.excerpts.filter((e) => e.coders.length === 1).length);
  });

  it('filters by family and by coder', async () => {
    const form = await agreement('?family=form');
    expect(form.family).toBe('form');
    expect(form.byFamily.map((r) => r.key)).toEqual(['form']);
    expect(form.byCode.every((r) => r.key.startsWith('form.'))).toBe(true);

    const one = await agreement('?coders=coder-a');
    expect(one.coders).toEqual(['coder-a']);
    expect(one.studyCoders).toEqual(['coder-a', 'coder-b']);
    expect(one.skippedDocuments).toHaveLength(study.documents.length);
    for (const d of one.skippedDocuments) {
      expect(d.documentTitle).toBe(study.documents.find((x) => x.id === d.documentId)?.title);
      expect(d.reason).toBe('coded by 1 coder');
    }
    expect(one.overall.alpha).toEqual({ value: null, reason: expect.any(String) as unknown });
    expect(one.disagreements.total).toBe(0);

    const both = await agreement('?coders=coder-b,%20coder-a');
    expect(both.coders).toEqual(['coder-a', 'coder-b']);
  });

  it('counts characters with the caveat and without a disagreement list', async () => {
    const a = await agreement('?unit=character');
    expect(a.unit).toBe('character');
    expect(a.minOverlap).toBeNull();
    expect(a.caveat).toMatch(/uncoded text/i);
    expect(a.disagreements).toEqual({ total: 0, items: [] });
    const characters = study.documents.reduce((n, d) => n + Array.from(d.text).length, 0);
    expect(a.units).toBe(characters);
    expect(a.overall.items).toBe(characters * a.byCode.length);
  });

  it('takes a stricter minOverlap', async () => {
    const a = await agreement('?minOverlap=1');
    expect(a.minOverlap).toBe(1);
    expect(a.units).toBe(study.excerpts.length);
  });

  it('answers 404 for an unknown study', async () => {
    expect(await errorOf('/api/studies/nope/agreement')).toMatchObject({
      status: 404,
      code: 'not_found',
    });
  });

  it.each([
    ['?unit=word', /^unit: /],
    ['?minOverlap=0', /^minOverlap: must be more than 0/],
    ['?minOverlap=1.5', /^minOverlap: a share between 0 and 1/],
    ['?minOverlap=half', /^minOverlap: /],
    ['?minOverlap=-0.5', /^minOverlap: /],
    ['?unit=character&minOverlap=0.5', /^minOverlap: applies only to unit=segment/],
    ['?coders=', /^coders: name at least one coder/],
    ['?coders=,,', /^coders: name at least one coder/],
    ['?coders=%3Cscript%3E', /^coders: /],
    ['?coders=coder-a&coders=coder-b', /^coders: given more than once/],
    [
      '?coders=coder-a,nobody',
      /^coders: unknown coder "nobody" \(the study's coders: coder-a, coder-b\)/,
    ],
    ['?family=Form', /^family: a snake_case key/],
    ['?family=nonsense', /^family: unknown code family "nonsense"/],
    ['?limit=0', /^limit: /],
    ['?limit=many', /^limit: /],
    ['?colour=red', /^colour: unknown parameter/],
  ])('answers 400 naming the parameter for %s', async (query, message) => {
    const error = await errorOf(`${S}/agreement${query}`);
    expect(error).toMatchObject({ status: 400, code: 'invalid_request' });
    expect(error.message).toMatch(message);
  });

  it('answers 400 for a malformed study id', async () => {
    expect(await errorOf('/api/studies/%3Cx%3E/agreement')).toMatchObject({
      status: 400,
      message: expect.stringMatching(/^id: /) as unknown,
    });
  });
});

describe('GET /api/studies/:id/agreement/report (the options of iwa agreement)', () => {
  it.each([
    ['?measure=kappa', /^measure: /],
    ['?spans=some', /^spans: /],
    ['?ci=yes', /^ci: /],
    ['?ci=1&resamples=0', /^resamples: /],
    ['?ci=1&minimums=0.8,high', /^minimums: /],
    ['?unit=character&minOverlap=0.5', /^minOverlap: applies only to unit=segment/],
    ['?bootstrap=1', /^bootstrap: unknown parameter/],
  ])('answers 400 naming the parameter for %s', async (query, message) => {
    const error = await errorOf(`${S}/agreement/report${query}`);
    expect(error).toMatchObject({ status: 400, code: 'invalid_request' });
    expect(error.message).toMatch(message);
  });

  it('is not found where the data has no report (the database-backed data has one)', async () => {
    expect(await errorOf(`${S}/agreement/report?measure=family`)).toMatchObject({
      status: 404,
    });
  });
});
