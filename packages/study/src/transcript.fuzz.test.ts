import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzParams, fuzzTimeout, mutated, unicodeText } from '@iwa/testing/fuzz';
import { StudyIssue } from './issues.ts';
import { codePointLength, sliceByCodePoints } from './offsets.ts';
import { parseStudyYaml } from './study-yaml.ts';
import { normaliseText } from './text-source.ts';
import { parseTranscript, type TranscriptContext, type TranscriptResult } from './transcript.ts';

/*
 * The transcript parser under random, generated and mutated input: never throws, answers within
 * the time limit, and on success its speaker turns tile the body exactly.
 */

const fixture = (rel: string) =>
  readFileSync(new URL(`../test/fixtures/ips-demo/${rel}`, import.meta.url), 'utf8');
const study = parseStudyYaml(fixture('study.yaml'));
if (!study.ok) throw new Error('the demo study.yaml should read');
const ctx: TranscriptContext = {
  file: 'transcripts/T.txt',
  defaultId: 'T',
  speakerLabels: study.value.speakerLabels,
};
const LABELS = [...study.value.speakerLabels.keys()];
const FIXTURES = [
  fixture('transcripts/interviews/M07.txt'),
  fixture('transcripts/interviews/M04.md'),
  fixture('transcripts/meetings/steering-2019-09.md'),
];

/** Checks a result's shape; on success, that the turns tile the body and the text is the body. */
function checkResult(text: string, res: TranscriptResult): void {
  if (!res.ok) {
    expect(res.errors.length).toBeGreaterThan(0);
    for (const e of res.errors) expect(StudyIssue.safeParse(e).error).toBeUndefined();
    return;
  }
  const { document, bodyStart } = res.value;
  const body = document.text;
  expect(text.endsWith(body)).toBe(true);
  expect(bodyStart).toBe(codePointLength(text) - codePointLength(body));
  const length = codePointLength(body);
  document.turns.forEach((t, i) => {
    expect(t.start).toBeLessThanOrEqual(t.contentStart);
    expect(t.contentStart).toBeLessThanOrEqual(t.end);
    expect(t.end).toBeLessThanOrEqual(length);
    const next = document.turns[i + 1];
    expect(t.end).toBe(next === undefined ? length : next.start);
    // a turn starts at the start of a line, with its speaker's label
    expect(t.start === 0 || sliceByCodePoints(body, t.start - 1, t.start) === '\n').toBe(true);
  });
  for (const w of res.warnings) expect(StudyIssue.safeParse(w).error).toBeUndefined();
}

describe('parseTranscript under fuzzing', () => {
  it(
    'random text: turns that tile the body, or issues',
    () => {
      fc.assert(
        fc.property(unicodeText({ loneSurrogates: true, maxLength: 80 }), (raw) => {
          const text = normaliseText(raw).text;
          checkResult(text, parseTranscript(text, ctx));
        }),
        fuzzParams(),
      );
    },
    fuzzTimeout(2),
  );

  it(
    'generated transcripts: one turn per labelled line, content exactly as written',
    () => {
      const line = fc.record({
        label: fc.option(fc.constantFrom(...LABELS), { nil: undefined }),
        style: fc.constantFrom('plain', 'bracket', 'bold'),
        content: unicodeText({ maxLength: 12 }).map((s) =>
          normaliseText(s).text.replace(/\n/g, ' '),
        ),
      });
      fc.assert(
        fc.property(fc.array(line, { maxLength: 30 }), (lines) => {
          const rendered = lines.map(({ label, style, content }) => {
            // unlabelled lines must not start like a label
            if (label === undefined) return `~${content}`;
            const head =
              style === 'plain'
                ? `${label}: `
                : style === 'bracket'
                  ? `[${label}] `
                  : `**${label}:** `;
            return head + content;
          });
          const text = rendered.join('\n');
          const res = parseTranscript(text, ctx);
          checkResult(text, res);
          if (!res.ok) throw new Error(JSON.stringify(res.errors));
          const labelled = lines.filter((l) => l.label !== undefined);
          expect(res.value.document.turns).toHaveLength(labelled.length);
          res.value.document.turns.forEach((t, i) => {
            const spoken = sliceByCodePoints(text, t.contentStart, t.end).split('\n')[0];
            const content = labelled[i]!.content;
            // the label's trailing spaces belong to the label
            expect(spoken).toBe(content.replace(/^[ \t]+/, ''));
          });
        }),
        fuzzParams(),
      );
    },
    fuzzTimeout(2),
  );

  it(
    'mutations of the demo transcripts (front matter included): turns or issues',
    () => {
      fc.assert(
        fc.property(
          fc
            .constantFrom(...FIXTURES)
            .chain((t) => mutated(t, ['M07: ', '[A07] ', '**M04:** ', 'X99: ', '---'])),
          (raw) => {
            const text = normaliseText(raw).text;
            checkResult(text, parseTranscript(text, ctx));
          },
        ),
        fuzzParams(),
      );
    },
    fuzzTimeout(5),
  );
});
