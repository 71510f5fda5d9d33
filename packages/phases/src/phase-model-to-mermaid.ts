import { describeGuard } from './guard-spec.ts';
import { expandTransitions } from './phase-model-definition.ts';
import type { PhaseModelDefinition } from './phase-model-definition.ts';

/** Mermaid treats `:`, `;` and `#` specially in labels; replace them. */
function label(text: string): string {
  return text.replace(/[:;#]/g, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * The model as a Mermaid `stateDiagram-v2`: the initial state, every state with its label,
 * every concrete transition labelled with its event and guard, and terminal states marked as
 * ends.
 *
 * @example
 * phaseModelToMermaid(ipsPhaseModelDefinition).split('\n')[0] // 'stateDiagram-v2'
 */
export function phaseModelToMermaid(def: PhaseModelDefinition): string {
  const lines = ['stateDiagram-v2', `    [*] --> ${def.initial}`];
  for (const s of def.states) lines.push(`    ${s.id} : ${label(s.label)}`);
  for (const t of expandTransitions(def)) {
    const guard = describeGuard(t.guard);
    const text = guard.length === 0 ? t.event : `${t.event} [${guard.join(', ')}]`;
    lines.push(`    ${t.from} --> ${t.to} : ${label(text)}`);
  }
  for (const s of def.states) if (s.terminal === true) lines.push(`    ${s.id} --> [*]`);
  return `${lines.join('\n')}\n`;
}
