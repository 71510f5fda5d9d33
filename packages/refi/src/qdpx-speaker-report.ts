import type { SpeakerRules } from './qdpx-speakers.ts';
import type { QdpxSpeakerReport } from './qdpx-types.ts';

/** The speaker report before any document is read: the rules' labels, no counts yet. */
export function emptySpeakerReport(rules: SpeakerRules | undefined): QdpxSpeakerReport {
  return {
    excerpts: 0,
    withSpeaker: 0,
    byCase: 0,
    by: { extension: 0, selection_ref: 0, turn_label: 0, only_case: 0 },
    nonCase: rules === undefined ? [] : rules.nonCase.map((n) => ({ ...n })),
    caseLabels:
      rules === undefined
        ? []
        : [...rules.caseLabels].map(([label, caseId]) => ({ label, caseId })),
    unmatched:
      rules === undefined
        ? []
        : [...rules.unmatched].map(([label, documents]) => ({ label, documents })),
    documentsWithout: [],
  };
}
