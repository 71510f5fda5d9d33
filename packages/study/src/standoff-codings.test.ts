import { describe, expect, it } from 'vitest';
import { contentHash } from './ids.ts';
import type { ActorRef, StudyDocument } from './model.ts';
import {
  parseCodingsCsv,
  parseCodingsYaml,
  rereadCodingsCsvRows,
  resolveCodingRows,
  splitCodes,
  type CodingRowContext,
} from './standoff-codings.ts';

const ctx: CodingRowContext = {
  studyCodeKeys: new Set(['flag.steering_group', 'theme.redefining_treatment']),
  actors: new Map<string, ActorRef>([
    ['M07', { kind: 'informant', id: 'M07' }],
    ['nav_east', { kind: 'organisation', id: 'nav_east' }],
    ['dps_clinicians', { kind: 'actor_group', id: 'dps_clinicians' }],
  ]),
  coders: new Set(['kari', 'ole']),
};

const text =
  'I: How did it start?\nM07: We set up a steering group. The steering group met monthly.\nI: And the clinicians?\nM07: They kept the specialist out of the meeting. 👩🏽‍⚕️ all of them.';
const doc: StudyDocument = {
  id: 'M07',
  kind: 'interview',
  participants: ['M07'],
  text,
  contentHash: contentHash(text),
  sourcePath: 'transcripts/M07.txt',
  turns: [
    { speaker: { kind: 'speaker', id: 'Interviewer' }, start: 0, contentStart: 3, end: 21 },
    { speaker: { kind: 'informant', id: 'M07' }, start: 21, contentStart: 26, end: 84 },
    { speaker: { kind: 'speaker', id: 'Interviewer' }, start: 84, contentStart: 87, end: 107 },
    {
      speaker: { kind: 'informant', id: 'M07' },
      start: 107,
      contentStart: 112,
      end: [...text].length,
    },
  ],
};

describe('parseCodingsYaml', () => {
  it('reads rows with a file-wide coder, code lists and code strings', () => {
    const res = parseCodingsYaml(
      'coder: kari\ncodings:\n  - document: M07\n    anchor: We set up a steering group.\n    codes: [form.structural, flag.steering_group]\n  - document: M07\n    start: 0\n    end: 20\n    codes: form.relational; purpose.creating\n    coder: ole\n',
      'codings.yaml',
      ctx,
    );
    expect(res.errors).toEqual([]);
    expect(res.rows.map((r) => [r.coder, r.codes, r.anchor ?? `${r.start}-${r.end}`])).toEqual([
      ['kari', ['form.structural', 'flag.steering_group'], 'We set up a steering group.'],
      ['ole', ['form.relational', 'purpose.creating'], '0-20'],
    ]);
    expect(res.rows[0]!.fields.anchor).toEqual({ file: 'codings.yaml', line: 4, column: 13 });
  });

  it('rejects rows without a span, with half a span, or with end before start', () => {
    const res = parseCodingsYaml(
      'coder: kari\ncodings:\n  - document: M07\n    codes: [form.structural]\n  - document: M07\n    start: 5\n    codes: [form.structural]\n  - document: M07\n    start: 9\n    end: 3\n    codes: [form.structural]\n',
      'codings.yaml',
      ctx,
    );
    expect(res.errors.map((e) => [e.code, e.line])).toEqual([
      ['invalid_span', 3],
      ['invalid_span', 6],
      ['invalid_span', 10],
    ]);
    expect(res.rows).toEqual([]);
  });
});

describe('parseCodingsCsv', () => {
  it('locates cells, including those after a quoted cell with a line break', () => {
    const csv =
      'document,anchor,codes,coder,performer\nM07,"We set up a steering group.\nThe steering group",form.structural,kari,M7\n';
    const res = parseCodingsCsv(csv, 'codings.csv', ctx);
    expect(res.errors).toEqual([
      expect.objectContaining({ code: 'unknown_actor', file: 'codings.csv', line: 3, column: 42 }),
    ]);
  });

  it('needs document, codes, coder and a span in the header', () => {
    const res = parseCodingsCsv('document,text,codes\n', 'codings.csv', ctx);
    expect(res.errors.map((e) => e.message)).toEqual([
      'unknown column "text"',
      'the header has no "coder" column',
      'the header has neither an "anchor" column nor "start" and "end" columns',
    ]);
  });
});

describe('resolveCodingRows', () => {
  const rowsFrom = (yaml: string) => {
    const res = parseCodingsYaml(`coder: kari\ncodings:\n${yaml}`, 'codings.yaml', ctx);
    expect(res.errors).toEqual([]);
    return res.rows;
  };

  it('finds anchors, picks an occurrence, and defaults the performer to the speaker', () => {
    const rows = rowsFrom(
      '  - document: M07\n    anchor: steering group\n    occurrence: 2\n    codes: [flag.steering_group]\n  - document: M07\n    anchor: They kept the specialist out of the meeting.\n    codes: [form.operational, purpose.maintaining]\n    performer: dps_clinicians\n',
    );
    const res = resolveCodingRows(doc, rows, { studyId: 'ips-demo' });
    if (!res.ok) throw new Error(JSON.stringify(res.errors));
    const [first, second] = res.bundle.excerpts;
    expect(first).toMatchObject({
      text: 'steering group',
      start: 58,
      end: 72,
      speaker: { id: 'M07' },
      performer: { kind: 'informant', id: 'M07' },
      performerSource: 'speaker',
    });
    expect(second).toMatchObject({
      performer: { kind: 'actor_group', id: 'dps_clinicians' },
      performerSource: 'explicit',
    });
    expect(res.bundle.codings).toHaveLength(3);
  });

  it('leaves the performer empty when the interviewer speaks', () => {
    const rows = rowsFrom(
      '  - document: M07\n    anchor: How did it start?\n    codes: [form.relational]\n',
    );
    const res = resolveCodingRows(doc, rows, { studyId: 'ips-demo' });
    if (!res.ok) throw new Error('should resolve');
    expect(res.bundle.excerpts[0]).toMatchObject({
      speaker: { kind: 'speaker', id: 'Interviewer' },
      performerSource: 'none',
    });
    expect(res.bundle.excerpts[0]!.performer).toBeUndefined();
  });

  it('accepts an anchor with its matching start/end, and reports a mismatch', () => {
    const good = rowsFrom(
      '  - document: M07\n    anchor: We set up\n    start: 26\n    end: 35\n    codes: [form.structural]\n',
    );
    expect(resolveCodingRows(doc, good, { studyId: 's' }).ok).toBe(true);
    const bad = rowsFrom(
      '  - document: M07\n    anchor: We set up\n    start: 27\n    end: 36\n    codes: [form.structural]\n',
    );
    const res = resolveCodingRows(doc, bad, { studyId: 's' });
    expect(res.ok === false && res.errors.map((e) => e.code)).toEqual(['span_mismatch']);
  });

  it('refuses two explicit ids for one span and one id for two spans', () => {
    const rows = rowsFrom(
      '  - document: M07\n    anchor: We set up\n    excerpt: a\n    codes: [form.structural]\n  - document: M07\n    anchor: We set up\n    excerpt: b\n    codes: [purpose.creating]\n  - document: M07\n    anchor: met monthly\n    excerpt: a\n    codes: [purpose.creating]\n',
    );
    const res = resolveCodingRows(doc, rows, { studyId: 's' });
    expect(res.ok === false && res.errors.map((e) => [e.code, e.line])).toEqual([
      ['span_mismatch', 9],
      ['span_mismatch', 13],
    ]);
  });

  it('warns about a code applied twice by the same coder', () => {
    const rows = rowsFrom(
      '  - document: M07\n    anchor: We set up\n    codes: [form.structural]\n  - document: M07\n    anchor: We set up\n    codes: [form.structural]\n',
    );
    const res = resolveCodingRows(doc, rows, { studyId: 's' });
    expect(res.ok && res.warnings.map((w) => w.code)).toEqual(['duplicate_coding']);
    expect(res.ok && res.bundle.codings).toHaveLength(1);
  });

  it('refuses an anchor that cuts an emoji in half', () => {
    const half = '\uD83D'; // the high surrogate of 👩
    const rows = rowsFrom(
      `  - document: M07\n    anchor: "meeting. ${'\\uD83D'}"\n    codes: [form.structural]\n`,
    );
    expect(rows[0]!.anchor).toBe(`meeting. ${half}`);
    const res = resolveCodingRows(doc, rows, { studyId: 's' });
    expect(res.ok === false && res.errors.map((e) => e.code)).toEqual(['invalid_span']);
  });
});

describe('splitCodes', () => {
  it('splits on semicolons, commas, bars and spaces', () => {
    expect(
      splitCodes('form.relational; purpose.creating,lns.advocacy | flag.steering_group  '),
    ).toEqual(['form.relational', 'purpose.creating', 'lns.advocacy', 'flag.steering_group']);
  });
});

describe('reading CSV rows again from where they are', () => {
  // blank lines, a quoted memo over two lines, CRLF-free text after normalisation, æøå and an
  // emoji before the rows, a bad row in the middle, and the rows of M07 apart from each other
  const csv = [
    'document,start,end,codes,coder,memo',
    'M07,26,55,flag.steering_group,kari,"første møte 👩🏽‍⚕️"',
    '',
    'A01,0,10,form.relational,ole,',
    'M07,112,150,form.relational;purpose.creating,ole,"to linjer,',
    'med komma"',
    'M07,5,1,form.relational,kari,end before start',
    '',
    '',
    'A01,11,20,form.structural,kari,',
    'M07,0,20,theme.redefining_treatment,kari,',
  ].join('\n');

  it('gives the same rows, lines and columns as the first read, in any order asked', () => {
    const first = parseCodingsCsv(csv, 'codings.csv', ctx);
    expect(first.errors.map((e) => [e.line, e.code])).toEqual([[7, 'invalid_span']]);
    const layout = first.csv;
    if (layout === undefined) throw new Error('a CSV file has a layout');
    expect(first.rows.map((r) => r.at.line)).toEqual([2, 4, 5, 10, 11]);
    expect(layout.lines).toEqual([2, 4, 5, 10, 11]);
    const places = first.rows.map((_, i) => ({
      start: layout.starts[i] ?? -1,
      end: layout.ends[i] ?? -1,
      line: layout.lines[i] ?? -1,
    }));
    expect(places.every((p) => p.start >= 0 && p.end > p.start)).toBe(true);
    // all rows together (one stretch), M07's rows only (a stretch with others between them),
    // and one row alone
    const all = rereadCodingsCsvRows(csv, 'codings.csv', { ctx, layout, places });
    expect(all).toEqual(first.rows);
    const m07 = [0, 2, 4].map((i) => places[i] ?? places[0]!);
    expect(rereadCodingsCsvRows(csv, 'codings.csv', { ctx, layout, places: m07 })).toEqual(
      [0, 2, 4].map((i) => first.rows[i]),
    );
    const last = places[4]!;
    expect(rereadCodingsCsvRows(csv, 'codings.csv', { ctx, layout, places: [last] })).toEqual([
      first.rows[4],
    ]);
  });

  it('reads rows far apart in a large file one by one, with their own lines', () => {
    const filler = Array.from({ length: 3000 }, (_, i) => `A01,${i},${i + 1},form.relational,ole,`);
    const big = [
      'document,start,end,codes,coder,memo',
      'M07,26,55,flag.steering_group,kari,',
      ...filler,
      'M07,112,150,form.relational,ole,',
    ].join('\n');
    const first = parseCodingsCsv(big, 'codings.csv', ctx);
    const layout = first.csv!;
    const ends = [0, first.rows.length - 1];
    const places = ends.map((i) => ({
      start: layout.starts[i]!,
      end: layout.ends[i]!,
      line: layout.lines[i]!,
    }));
    const again = rereadCodingsCsvRows(big, 'codings.csv', { ctx, layout, places });
    expect(again).toEqual([first.rows[0], first.rows.at(-1)]);
    expect(again?.map((r) => [r.document, r.at.line, r.fields.codes?.column])).toEqual([
      ['M07', 2, 11],
      ['M07', 3003, 13],
    ]);
  });

  it('returns undefined when the text is no longer what the places were taken from', () => {
    const first = parseCodingsCsv(csv, 'codings.csv', ctx);
    const layout = first.csv!;
    const places = [{ start: layout.starts[1]!, end: layout.ends[1]!, line: layout.lines[1]! }];
    const edited = csv.replace('A01,0,10,', 'A01,0,1,');
    expect(rereadCodingsCsvRows(edited, 'codings.csv', { ctx, layout, places })).toBeUndefined();
  });
});
