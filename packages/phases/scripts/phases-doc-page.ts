import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import {
  ipsFidelityScale,
  ipsPhaseModelDefinition,
  markdownTable,
  nationalFieldEvents,
  nationalPhases,
  renderPhaseModelDoc,
} from '../src/index.ts';

/** Where the generated page lives in the repository. */
export const phasesDocPath = fileURLToPath(new URL('../../../docs/phases.md', import.meta.url));

/** The command that regenerates the page, from the repository root. */
export const regenerateCommand =
  'node --conditions=@iwa/source --import tsx packages/phases/scripts/generate-docs.ts';

const guardVocabulary = markdownTable(
  ['guard', 'parameter', 'passes when'],
  [
    ['`requiresEvidence`', 'integer ≥ 1', 'the event cites at least that many distinct excerpts'],
    ['`minConfidence`', '`low`, `medium` or `high`', 'the event’s confidence is at least that'],
    ['`fidelityBelow`', 'integer 26–126', 'the event carries an IPS-25 total below it'],
    ['`fidelityAtLeast`', 'integer 25–125', 'the event carries an IPS-25 total of at least it'],
    ['`cameFrom`', 'a state id', 'the state before the current one was that state'],
    ['`notBefore`', 'ISO date', 'the event is dated on or after the day'],
    ['`notAfter`', 'ISO date', 'the event is dated on or before the day'],
  ],
);

const example = `\`\`\`yaml
id: collaboration_meetings
version: 1
label: Collaboration meetings
unit: the collaboration meetings of one IPS team
initial: meetings_planned
states:
  - { id: meetings_planned, label: Planned, description: meetings agreed but none held yet }
  - { id: meetings_running, label: Running, description: meetings held while the agenda settles }
  - { id: meetings_routine, label: Routine, description: meetings on a written agenda }
  - { id: meetings_lapsed, label: Lapsed, description: meetings no longer held }
  - { id: team_closed, label: Closed, description: the team is closed, terminal: true }
events:
  - { id: first_meeting_held, label: First meeting, description: the first meeting took place }
  - { id: agenda_settled, label: Agenda settled, description: a written agenda is used every time }
  - { id: meetings_missed, label: Missed, description: two meetings in a row did not happen }
  - { id: meetings_resumed, label: Resumed, description: meetings are held again }
  - { id: closed, label: Closed, description: the team is closed down }
transitions:
  - { event: first_meeting_held, from: meetings_planned, to: meetings_running }
  - event: agenda_settled
    from: meetings_running
    to: meetings_routine
    guard: { requiresEvidence: 2, minConfidence: medium }
  - { event: meetings_missed, from: [meetings_running, meetings_routine], to: meetings_lapsed }
  - { event: meetings_resumed, from: meetings_lapsed, to: meetings_running }
  - { event: closed, from: '*', to: team_closed }
evidenceRules:
  - id: agenda_used
    event: agenda_settled
    description: operational maintaining work on the meeting agenda
    all: [form.operational, purpose.maintaining]
    any: [lns.embedding_and_routinizing]
    minCount: 2
    confidence: medium
\`\`\``;

/** The Markdown of `docs/phases.md`, before formatting. */
export function renderPhasesPage(): string {
  return [
    '# Phase models',
    `<!-- Generated from packages/phases by packages/phases/scripts/generate-docs.ts: do not edit by hand. Regenerate with \`${regenerateCommand}\`. -->`,
    'A phase model says which change phase an organisation (or a collaboration between organisations) is in while it implements a practice, and which events move it on. `@iwa/phases` compiles a model into an xstate v5 machine. A phase is a hypothesis inferred from coded excerpts, so every event carries the day it happened (`at`, ISO `YYYY-MM-DD`), the ids of the excerpts that show it (`evidence`, at least one), who recorded it (`recordedBy`) and a `confidence`.',
    'Confidence is one of `low`, `medium` or `high`, not a number: an event is an interpretation of interview material, and three ordered words claim no more precision than that material has. Guards compare confidences by rank.',
    '`applyPhaseEvent(model, snapshotOrState, event)` applies one event purely and returns the next snapshot, or a rejection with a code and a reason: an unknown or malformed event, an event with no transition from the current state, a guard that does not pass, or an event dated before the last one. Nothing is ignored silently. `suggestPhaseEvents` reads coded excerpts with the model’s evidence rules and only suggests events; a researcher accepts or rejects each one.',
    '## Writing a study’s own model',
    'A study describes its model in the same format as the default model below, as plain data (for example in its YAML), and `compilePhaseModel(definition)` turns it into a machine without code changes. `PhaseModelDefinition.safeParse(definition)` reports every problem with its path: unknown fields or code keys and guards with bad parameters first, then, once the shape is right, unknown states or events, duplicates, transitions that are never taken, unreachable states, dead ends and unused events. `from: "*"` means every non-terminal state except the target.',
    example,
    '### Guard vocabulary',
    'A transition’s `guard` lists conditions that must all hold. Besides them, every event must be well-formed and dated no earlier than the last recorded event.',
    guardVocabulary,
    renderPhaseModelDoc(ipsPhaseModelDefinition, 2).trimEnd(),
    '## Comparing observed work with the expected profile',
    '`compareWorkProfile(model, observed)` takes the number of coded excerpts per code key for one unit in one phase. For the Cloutier forms and for the purposes separately it computes each category’s share. The most frequent category, and every category with a share of at least 25 % (`dominanceShare`), counts as dominant. A dimension **fits** when every dominant category is expected (dominant or supporting) and at least one is an expected dominant one; it is **partial** when only some are expected and a **misfit** when none is. The overall verdict is `fit` when both dimensions fit, `misfit` when both are misfits and `partial` otherwise; below 5 coded excerpts in a dimension (`minCount`) it is `insufficient_data`, and states without a profile give `no_expectation`. The score weighs each share by 1 for expected dominant, 0.5 for supporting and 0 for other categories, and averages the two dimensions, so 1 means all the work falls in the expected dominant categories. The Lawrence & Suddaby forms are listed for reading, not scored.',
    '## IPS-25 fidelity scale',
    `${ipsFidelityScale.items} items, each scored ${ipsFidelityScale.itemMin}–${ipsFidelityScale.itemMax}, give a total of ${ipsFidelityScale.min}–${ipsFidelityScale.max}. Events about fidelity reviews carry the total as \`fidelity\`.`,
    markdownTable(
      ['band', 'total'],
      ipsFidelityScale.bands.map((b) => [b.label, `${b.min}–${b.max}`]),
    ),
    '## National phases',
    'The national phases of IPS in Norway (Moe et al.) are a dated context layer beside the organisation-level machine: `nationalPhaseAt(date)` gives the phase a date falls in.',
    markdownTable(
      ['phase', 'from', 'to', 'driving force', 'IPS seen as'],
      nationalPhases.map((p) => [p.label, p.from, p.to, p.drivingForce, p.ipsViewedAs]),
    ),
    `Afterwards: ${nationalFieldEvents.map((e) => `${e.label} (${e.year})`).join('; ')}.`,
  ].join('\n\n');
}

/** `docs/phases.md` as committed: the page formatted with the repository's Prettier settings. */
export async function formattedPhasesPage(): Promise<string> {
  const options = await prettier.resolveConfig(phasesDocPath);
  return prettier.format(renderPhasesPage(), { ...options, filepath: phasesDocPath });
}
