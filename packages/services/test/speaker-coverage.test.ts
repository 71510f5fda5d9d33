import { describe, expect, it } from 'vitest';
import { describeSpeakerCoverage, type SpeakerCoverage } from '../src/index.ts';

const coverage = (over: Partial<SpeakerCoverage>): SpeakerCoverage => ({
  excerpts: 11,
  withSpeaker: 11,
  byCase: 10,
  by: {},
  nonCase: [],
  unmatched: [],
  documentsWithout: [],
  ...over,
});

describe('describeSpeakerCoverage', () => {
  it('names the speakers who are not cases when labels found them', () => {
    expect(
      describeSpeakerCoverage(
        coverage({
          by: { turn_label: 9, only_case: 2 },
          nonCase: [
            { label: 'Jobseeker', speakerId: 'jobseeker', role: 'other', why: 'recurring' },
          ],
        }),
      ),
    ).toBe(
      "speakers: 11 of 11 excerpts — 9 by turn labels, 2 by the source's only case (1 by speakers who are not cases: Jobseeker)",
    );
  });

  it("leaves no empty list when iwa's extension named the speakers", () => {
    expect(describeSpeakerCoverage(coverage({ by: { extension: 11 } }))).toBe(
      "speakers: 11 of 11 excerpts — 11 by iwa's extension (1 by speakers who are not cases)",
    );
  });
});
