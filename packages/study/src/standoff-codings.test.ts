import { describe, expect, it } from 'vitest';
import { contentHash } from './ids.ts';
import type { ActorRef, StudyDocument } from './model.ts';
import {
  parseCodingsCsv,
  parseCodingsYaml,
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
