import { describe, expect, it } from 'vitest';
import { ipsPhaseModel, ipsPhaseModelDefinition } from './ips-phase-model.ts';
import { phaseModelToMermaid } from './phase-model-to-mermaid.ts';

describe('phaseModelToMermaid', () => {
  const text = phaseModelToMermaid(ipsPhaseModelDefinition);
  const lines = text.trimEnd().split('\n');

  it('is a stateDiagram-v2 with the initial and terminal states marked', () => {
    expect(lines[0]).toBe('stateDiagram-v2');
    expect(lines[1]).toBe('    [*] --> pre_adoption');
    expect(lines.at(-1)).toBe('    de_implemented --> [*]');
  });

  it('has one labelled line per state and one edge per concrete transition, guards included', () => {
    for (const s of ipsPhaseModel.definition.states) {
      expect(lines).toContain(`    ${s.id} : ${s.label}`);
    }
    const edges = lines.filter((l) => /^ {4}[a-z_]+ --> [a-z_]+ : /.test(l));
    expect(edges.map((l) => l.trim().split(' : ')[0]?.split(' --> '))).toEqual(
      ipsPhaseModel.transitions.map((t) => [t.from, t.to]),
    );
    expect(lines).toContain(
      '    routinised --> drifted : fidelity_decline [fidelity total below 100]',
    );
  });

  it('keeps labels free of characters Mermaid reads as syntax', () => {
    for (const line of lines.slice(1)) {
      expect(line.split(' : ').slice(1).join(' : ')).not.toMatch(/[:;#]/);
    }
  });
});
