import { describe, expect, it } from 'vitest';
import { FormOfWorkEntry, FORMS_OF_WORK } from './forms-of-work.ts';
import { LNS_FORMS, LnsFormEntry, PURPOSES, PurposeEntry } from './institutional-work.ts';
import { PILLAR_DIMENSIONS, PillarEntry, PILLARS } from './pillars.ts';
import { POSITION_DIMENSIONS, DimensionEntry } from './position-dimensions.ts';
import { formatSource, WORKS } from './sources.ts';

describe('the frameworks as data', () => {
  it('has the right counts: 4 forms of work, 3 purposes, 18 L&S forms (9/6/3), 3 pillars', () => {
    expect(FORMS_OF_WORK.map((f) => f.key)).toEqual([
      'structural',
      'conceptual',
      'operational',
      'relational',
    ]);
    expect(PURPOSES.map((p) => p.key)).toEqual(['creating', 'maintaining', 'disrupting']);
    expect(LNS_FORMS).toHaveLength(18);
    const byPurpose = (p: string) => LNS_FORMS.filter((f) => f.purpose === p).length;
    expect([byPurpose('creating'), byPurpose('maintaining'), byPurpose('disrupting')]).toEqual([
      9, 6, 3,
    ]);
    expect(PILLARS.map((p) => p.key)).toEqual(['regulative', 'normative', 'cultural_cognitive']);
    expect(POSITION_DIMENSIONS).toHaveLength(7);
  });

  it('gives every entry a key, a label, a one-line definition and a source', () => {
    const entries = [
      ...FORMS_OF_WORK.map((e) => FormOfWorkEntry.parse(e)),
      ...PURPOSES.map((e) => PurposeEntry.parse(e)),
      ...LNS_FORMS.map((e) => LnsFormEntry.parse(e)),
      ...PILLARS.map((e) => PillarEntry.parse(e)),
      ...POSITION_DIMENSIONS.map((e) => DimensionEntry.parse(e)),
    ];
    for (const e of entries) {
      expect(e.definition.length, e.key).toBeGreaterThan(20);
      expect(e.definition, e.key).not.toContain('\n');
      expect(e.definition, e.key).toMatch(/[.!?]$/);
      expect(WORKS[e.source.work].author).toBe(e.source.author);
      expect(WORKS[e.source.work].year).toBe(e.source.year);
    }
    expect(new Set(LNS_FORMS.map((f) => f.key)).size).toBe(18);
  });

  it('cites the works as the domain model gives them', () => {
    expect(formatSource(FORMS_OF_WORK[0]!.source)).toBe('Cloutier, Denis, Langley & Lamothe 2015');
    expect(formatSource(PURPOSES[0]!.source)).toBe('Lawrence & Suddaby 2006: 215');
    expect(formatSource(PILLARS[0]!.source)).toBe('Scott 2014, ch. 3, Table 3.1');
    expect(WORKS.cloutier_2015.reference).toContain('26(2), 259–276');
    expect(WORKS.lawrence_suddaby_2006.reference).toContain('pp. 215–254');
  });

  it('has relational work underpin the other three forms', () => {
    const relational = FORMS_OF_WORK.find((f) => f.key === 'relational')!;
    expect(relational.underpins).toEqual(['structural', 'conceptual', 'operational']);
    expect(FORMS_OF_WORK.filter((f) => f.underpins.length > 0)).toEqual([relational]);
  });

  it('links each L&S form to its purpose and pillar(s) as the domain model (§6.1) does', () => {
    const links = Object.fromEntries(
      LNS_FORMS.map((f) => [f.key, `${f.purpose}: ${f.pillars.join(' + ')}`]),
    );
    expect(links).toEqual({
      advocacy: 'creating: regulative',
      defining: 'creating: regulative',
      vesting: 'creating: regulative',
      constructing_identities: 'creating: normative',
      changing_normative_associations: 'creating: normative',
      constructing_normative_networks: 'creating: normative',
      mimicry: 'creating: cultural_cognitive',
      theorizing: 'creating: cultural_cognitive',
      educating: 'creating: cultural_cognitive',
      enabling_work: 'maintaining: regulative',
      policing: 'maintaining: regulative',
      deterring: 'maintaining: regulative',
      valorizing_and_demonizing: 'maintaining: normative',
      mythologizing: 'maintaining: normative + cultural_cognitive',
      embedding_and_routinizing: 'maintaining: normative + cultural_cognitive',
      disconnecting_sanctions: 'disrupting: regulative',
      disassociating_moral_foundations: 'disrupting: normative',
      undermining_assumptions_and_beliefs: 'disrupting: cultural_cognitive',
    });
  });

  it("fills Scott's table: every pillar has a value on each of the seven dimensions", () => {
    expect(PILLAR_DIMENSIONS.map((d) => d.key)).toEqual([
      'basis_of_compliance',
      'basis_of_order',
      'mechanisms',
      'logic',
      'indicators',
      'affect',
      'basis_of_legitimacy',
    ]);
    for (const pillar of PILLARS) {
      expect(Object.keys(pillar.dimensions).sort()).toEqual(
        PILLAR_DIMENSIONS.map((d) => d.key).sort(),
      );
    }
    expect(PILLARS.map((p) => p.dimensions.mechanisms)).toEqual([
      'Coercive',
      'Normative',
      'Mimetic',
    ]);
    expect(PILLARS.map((p) => p.dimensions.logic)).toEqual([
      'Instrumentality',
      'Appropriateness',
      'Orthodoxy',
    ]);
  });
});
