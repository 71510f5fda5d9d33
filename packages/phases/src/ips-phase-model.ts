import { compilePhaseModel } from './compile-phase-model.ts';
import type { PhaseModel } from './compile-phase-model.ts';
import type { PhaseModelDefinition } from './phase-model-definition.ts';

const establishingProfile = {
  forms: { dominant: ['form.structural', 'form.conceptual'], supporting: ['form.relational'] },
  purposes: { dominant: ['purpose.creating'] },
  lns: [
    'lns.advocacy',
    'lns.defining',
    'lns.theorizing',
    'lns.educating',
    'lns.constructing_normative_networks',
  ],
  who: [
    'advisors presenting and teaching IPS',
    'Nav managers persuading the health partner',
    'managers enlisting top leaders',
  ],
  grounding: 'Skogstad (2024), claims C04, C09, C15–C18, C21',
} as const satisfies PhaseModelDefinition['states'][number]['expectedProfile'];

/**
 * iwa's default phase model: how one IPS collaboration (a health organisation or unit and its
 * Nav partner) moves from no IPS through adoption, establishing and operationalising to routine
 * practice, or to partial integration, a stall, drift, de-integration or discontinuation. Plain
 * data in the same format a study uses for its own model (see `docs/phases.md`).
 */
export const ipsPhaseModelDefinition = {
  id: 'ips_collaboration',
  version: 1,
  label: 'IPS implementation in a health–Nav collaboration',
  description:
    'The change phases of one IPS collaboration. States are hypotheses inferred from coded excerpts; every event carries its evidence and a confidence.',
  unit: 'one IPS collaboration: a health organisation (or unit) and its Nav partner',
  initial: 'pre_adoption',
  states: [
    {
      id: 'pre_adoption',
      label: 'Pre-adoption',
      description:
        'No IPS yet: employment support comes after treatment (train, then place); there may be local pioneers.',
      grounding: 'Moe et al., national phase 1',
    },
    {
      id: 'adoption_decided',
      label: 'Adoption decided',
      description:
        'Management has decided on IPS, applied for or received funding, or joined the IPS programme list.',
      expectedProfile: establishingProfile,
      grounding: 'Skogstad (2024): every sampled organisation had passed this point (C30)',
    },
    {
      id: 'establishing',
      label: 'Establishing',
      description:
        'Building the collaboration: a steering group, role definitions, presenting and explaining IPS, hiring the employment specialist.',
      expectedProfile: establishingProfile,
      grounding: 'Skogstad (2024), C07, C09, C21',
    },
    {
      id: 'operationalising',
      label: 'Operationalising',
      description:
        'The employment specialist is placed in clinical teams and resources are reallocated; meeting participation and confidentiality are negotiated, and resistance appears.',
      expectedProfile: {
        forms: {
          dominant: ['form.operational'],
          supporting: ['form.structural', 'form.relational'],
        },
        purposes: { dominant: ['purpose.creating', 'purpose.maintaining'] },
        lns: ['lns.enabling_work', 'lns.vesting', 'lns.deterring'],
        who: [
          'managers doing operational work',
          'health managers performing maintenance (often reported by Nav informants)',
        ],
        grounding: 'Skogstad (2024), C05–C10, C26, C28',
      },
      grounding: 'Skogstad (2024), C06–C10',
    },
    {
      id: 'routinised',
      label: 'Routinised',
      description:
        'The specialist is a full team member; treatment and collaboration meetings are routine; fidelity reviews are passed; cultivation continues.',
      expectedProfile: {
        forms: { dominant: ['form.operational'], supporting: ['form.conceptual'] },
        purposes: { dominant: ['purpose.maintaining'], supporting: ['purpose.creating'] },
        lns: ['lns.embedding_and_routinizing', 'lns.policing', 'lns.valorizing_and_demonizing'],
        who: ['managers', 'advisors on fidelity', 'frontline staff keeping routines'],
        grounding: 'Skogstad (2024), C21, C22, C29, C34; Moen (2024)',
      },
      grounding:
        'Moen (2024): a routinised service with a 103/125 fidelity score; Skogstad (2024), C21',
    },
    {
      id: 'partially_integrated',
      label: 'Partially integrated',
      description:
        'A stable, adapted configuration: the specialist is co-located or joins only parts of meetings, and IPS runs as a parallel, optional service.',
      expectedProfile: {
        forms: {
          dominant: ['form.operational'],
          supporting: ['form.relational', 'form.conceptual'],
        },
        purposes: { dominant: ['purpose.creating', 'purpose.maintaining'] },
        lns: ['lns.deterring', 'lns.constructing_normative_networks'],
        who: [
          'health managers maintaining boundaries',
          'Nav actors doing relational and conceptual creating work',
        ],
        grounding: 'Skogstad (2024), C10, C31',
      },
      grounding: 'Skogstad (2024), C10; Bonfils (2020, 2021) as cited by Moen (2024)',
    },
    {
      id: 'stalled',
      label: 'Stalled',
      description:
        'Establishing or operationalising does not progress: the partner sees no value, discussions drag on, top management has not anchored IPS.',
      expectedProfile: {
        forms: { dominant: ['form.relational', 'form.conceptual'] },
        purposes: { dominant: ['purpose.creating'] },
        lns: ['lns.advocacy', 'lns.constructing_normative_networks'],
        who: ['Nav actors and advisors who lack authority'],
        grounding: 'Skogstad (2024), C14, C31 (inferred)',
      },
      grounding: 'Skogstad (2024), C15 (transition inferred)',
    },
    {
      id: 'drifted',
      label: 'Drifted',
      description:
        'Fidelity erodes: screening for job-readiness, wage subsidies, a lighter service like traditional supported employment.',
      expectedProfile: {
        forms: { dominant: ['form.operational'] },
        purposes: { dominant: ['purpose.maintaining'] },
        lns: ['lns.embedding_and_routinizing', 'lns.policing'],
        who: ['Nav frontline staff and management upholding pre-IPS routines'],
        grounding: 'Moe et al. (inferred for one organisation)',
      },
      grounding: 'Moe et al., concerns in national phase 3 (applied to one organisation: inferred)',
    },
    {
      id: 'de_integrated',
      label: 'De-integrated (Nav-only)',
      description: 'IPS continues within Nav without integration in the health teams.',
      expectedProfile: {
        forms: { dominant: ['form.structural'] },
        purposes: { dominant: ['purpose.disrupting'] },
        lns: ['lns.defining', 'lns.disconnecting_sanctions'],
        who: ['directorates, at field level'],
        grounding: 'Moe et al.; Moen (2024) (inferred)',
      },
      grounding: 'Stangeland et al. (2024) Nav-only variant; the 2022 legal clarification',
    },
    {
      id: 'de_implemented',
      label: 'De-implemented',
      description:
        'The service is discontinued: the project or funding ended, or leaders chose to stop.',
      terminal: true,
      grounding:
        'Moen (2024) on closure after the project period; Moe et al. (inferred as a state)',
    },
  ],
  events: [
    {
      id: 'adoption_decided',
      label: 'Adoption decided',
      description: 'A decision, application or funding for IPS.',
    },
    {
      id: 'collaboration_initiated',
      label: 'Collaboration initiated',
      description:
        'Agreements, a steering group, role definitions or hiring set up the collaboration.',
    },
    {
      id: 'specialist_placed',
      label: 'Specialist placed',
      description: 'The employment specialist joins the treatment teams.',
    },
    {
      id: 'resources_reallocated',
      label: 'Resources reallocated',
      description: 'Internal resources are moved to IPS work.',
    },
    {
      id: 'integration_achieved',
      label: 'Integration achieved',
      description:
        'Established practice is upheld: regular meetings with full participation, fidelity results, time in operation.',
    },
    {
      id: 'integration_limited',
      label: 'Integration limited',
      description:
        'Health-side maintenance restricts the specialist’s participation, often on confidentiality grounds; employment is treated as optional.',
    },
    {
      id: 'recommitment',
      label: 'Recommitment',
      description:
        'New relational work enlists top managers or health insiders; meeting rules are renewed.',
    },
    {
      id: 'progress_blocked',
      label: 'Progress blocked',
      description:
        'Negotiation runs on, actors lack authority and have no ally, or top-management support is lost.',
    },
    {
      id: 'anchor_secured',
      label: 'Anchor secured',
      description: 'An ally with authority is enlisted and a structural decision follows.',
    },
    {
      id: 'regression_to_partial',
      label: 'Regression to partial integration',
      description:
        'Maintenance work reintroduces limits: staff turnover, renewed confidentiality restrictions.',
    },
    {
      id: 'fidelity_decline',
      label: 'Fidelity decline',
      description:
        'A fidelity review finds deficits: screening, wage subsidies, widened target groups.',
    },
    {
      id: 'fidelity_restored',
      label: 'Fidelity restored',
      description: 'Policing and corrective training bring a fidelity review back to good.',
    },
    {
      id: 'regulatory_reassignment',
      label: 'Regulatory reassignment',
      description:
        'A rule that specialists are not health personnel (such as the 2022 legal clarification) takes them out of teams or records.',
    },
    {
      id: 'reintegration_attempt',
      label: 'Reintegration attempt',
      description:
        'The health service employs its own specialists or sets up new joint structures.',
    },
    {
      id: 'service_discontinued',
      label: 'Service discontinued',
      description: 'The project or funding ends, or a decision is made to stop.',
    },
  ],
  transitions: [
    { event: 'adoption_decided', from: 'pre_adoption', to: 'adoption_decided' },
    { event: 'collaboration_initiated', from: 'adoption_decided', to: 'establishing' },
    { event: 'specialist_placed', from: 'establishing', to: 'operationalising' },
    { event: 'resources_reallocated', from: 'establishing', to: 'operationalising' },
    {
      event: 'integration_achieved',
      from: 'operationalising',
      to: 'routinised',
      guard: { requiresEvidence: 2, minConfidence: 'medium' },
      description: 'routine practice needs evidence of integration from more than one excerpt',
    },
    { event: 'integration_limited', from: 'operationalising', to: 'partially_integrated' },
    { event: 'recommitment', from: 'partially_integrated', to: 'operationalising', inferred: true },
    {
      event: 'progress_blocked',
      from: ['establishing', 'operationalising'],
      to: 'stalled',
      inferred: true,
    },
    {
      event: 'anchor_secured',
      from: 'stalled',
      to: 'establishing',
      guard: { cameFrom: 'establishing' },
      description: 'back to where the collaboration stalled',
      inferred: true,
    },
    {
      event: 'anchor_secured',
      from: 'stalled',
      to: 'operationalising',
      guard: { cameFrom: 'operationalising' },
      description: 'back to where the collaboration stalled',
      inferred: true,
    },
    {
      event: 'regression_to_partial',
      from: 'routinised',
      to: 'partially_integrated',
      inferred: true,
    },
    {
      event: 'fidelity_decline',
      from: 'routinised',
      to: 'drifted',
      guard: { fidelityBelow: 100 },
      description: 'a fidelity review below good (100) moves a routinised service to drifted',
    },
    {
      event: 'fidelity_restored',
      from: 'drifted',
      to: 'routinised',
      guard: { fidelityAtLeast: 100 },
      inferred: true,
    },
    {
      event: 'regulatory_reassignment',
      from: ['routinised', 'partially_integrated'],
      to: 'de_integrated',
    },
    { event: 'reintegration_attempt', from: 'de_integrated', to: 'establishing', inferred: true },
    {
      event: 'service_discontinued',
      from: [
        'adoption_decided',
        'establishing',
        'operationalising',
        'routinised',
        'partially_integrated',
        'stalled',
        'drifted',
        'de_integrated',
      ],
      to: 'de_implemented',
      description:
        'from every state once IPS is adopted (before adoption there is no service to stop)',
      inferred: true,
    },
  ],
  evidenceRules: [
    {
      id: 'adoption_decision_stated',
      event: 'adoption_decided',
      description:
        'structural creating work that vests or argues for IPS: a decision, application or funding',
      all: ['form.structural', 'purpose.creating'],
      any: ['lns.vesting', 'lns.advocacy'],
      minCount: 1,
      confidence: 'low',
    },
    {
      id: 'collaboration_structures_created',
      event: 'collaboration_initiated',
      description: 'structural creating work on agreements, steering groups and roles',
      all: ['form.structural', 'purpose.creating'],
      any: ['lns.defining', 'lns.constructing_normative_networks', 'flag.steering_group'],
      minCount: 2,
      confidence: 'medium',
    },
    {
      id: 'partners_taught_ips',
      event: 'collaboration_initiated',
      description: 'conceptual creating work presenting and explaining IPS to partners',
      all: ['form.conceptual', 'purpose.creating'],
      any: ['lns.educating', 'lns.theorizing'],
      minCount: 2,
      confidence: 'low',
    },
    {
      id: 'specialist_placement_resisted',
      event: 'specialist_placed',
      description:
        'operational creating work that meets resistance: the specialist joins the teams',
      all: ['form.operational', 'purpose.creating'],
      flags: ['flag.resistance_encountered'],
      minCount: 1,
      confidence: 'medium',
    },
    {
      id: 'resources_moved',
      event: 'resources_reallocated',
      description: 'operational creating work that moves resources to IPS',
      all: ['form.operational', 'purpose.creating'],
      any: ['lns.enabling_work', 'lns.vesting'],
      minCount: 1,
      confidence: 'medium',
    },
    {
      id: 'practice_upheld',
      event: 'integration_achieved',
      description: 'operational maintaining work that upholds integrated routines',
      all: ['form.operational', 'purpose.maintaining'],
      any: ['lns.embedding_and_routinizing', 'lns.policing'],
      none: ['flag.confidentiality'],
      minCount: 2,
      confidence: 'medium',
    },
    {
      id: 'health_confidentiality_limits',
      event: 'integration_limited',
      description: 'health performers keep the specialist out on confidentiality grounds',
      all: ['form.operational', 'purpose.maintaining'],
      flags: ['flag.confidentiality'],
      performerSector: ['health'],
      minCount: 1,
      confidence: 'medium',
    },
    {
      id: 'allies_reenlisted',
      event: 'recommitment',
      description: 'relational creating work that enlists top managers or health insiders again',
      all: ['form.relational', 'purpose.creating'],
      flags: ['flag.ally_enlisted'],
      minCount: 1,
      confidence: 'low',
    },
    {
      id: 'authority_lacking',
      event: 'progress_blocked',
      description: 'work by actors who lack authority and have found no ally',
      any: ['form.relational', 'form.conceptual'],
      flags: ['flag.lacks_authority'],
      none: ['flag.ally_enlisted'],
      minCount: 2,
      confidence: 'low',
    },
    {
      id: 'authority_enlisted',
      event: 'anchor_secured',
      description:
        'an ally with authority is enlisted, with relational or structural creating work',
      all: ['purpose.creating'],
      any: ['form.relational', 'form.structural'],
      flags: ['flag.ally_enlisted'],
      minCount: 2,
      confidence: 'low',
    },
    {
      id: 'limits_reintroduced',
      event: 'regression_to_partial',
      description: 'operational maintaining work that reintroduces confidentiality limits',
      all: ['form.operational', 'purpose.maintaining'],
      flags: ['flag.confidentiality'],
      minCount: 1,
      confidence: 'low',
    },
    {
      id: 'fidelity_deficits',
      event: 'fidelity_decline',
      description: 'operational maintaining work that refers to fidelity deficits',
      all: ['form.operational', 'purpose.maintaining'],
      flags: ['flag.fidelity_reference'],
      none: ['lns.policing'],
      minCount: 1,
      confidence: 'low',
    },
    {
      id: 'fidelity_policed',
      event: 'fidelity_restored',
      description: 'policing work by advisors that refers to fidelity',
      all: ['lns.policing'],
      flags: ['flag.fidelity_reference'],
      minCount: 1,
      confidence: 'low',
    },
    {
      id: 'specialists_reassigned',
      event: 'regulatory_reassignment',
      description:
        'structural disrupting work on who may employ specialists, from 2022 on (never for earlier interviews)',
      all: ['form.structural', 'purpose.disrupting'],
      any: ['lns.disconnecting_sanctions', 'lns.defining'],
      onOrAfter: '2022-01-01',
      minCount: 1,
      confidence: 'medium',
    },
    {
      id: 'health_employs_specialists',
      event: 'reintegration_attempt',
      description:
        'structural creating work that sets up new joint structures or health-employed specialists',
      all: ['form.structural', 'purpose.creating'],
      minCount: 1,
      confidence: 'low',
    },
    {
      id: 'service_stopped',
      event: 'service_discontinued',
      description: 'structural disrupting work that ends the service',
      all: ['form.structural', 'purpose.disrupting'],
      none: ['lns.disconnecting_sanctions'],
      minCount: 1,
      confidence: 'low',
    },
  ],
} as const satisfies PhaseModelDefinition;

/** The default phase model, compiled. */
export const ipsPhaseModel: PhaseModel = compilePhaseModel(ipsPhaseModelDefinition);

/** The xstate machine of the default phase model. */
export const ipsPhaseMachine = ipsPhaseModel.machine;
