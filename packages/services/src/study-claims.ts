import { ClaimSet, evaluateClaims, type ClaimResult } from '@iwa/analysis';
import { readStudyClaims, type Graph } from '@iwa/graph';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { loadCodedUnits } from './coded-units.ts';

/**
 * Evaluates a claims file (YAML text; the study's stored claims when `text` is left out) on a
 * study's coded excerpts. `none` when the study has no stored claims.
 */
export async function evaluateStudyClaims(
  graph: Graph,
  params: { studyId: string; text?: string | undefined; source?: string | undefined },
): Promise<{ ok: true; results: ClaimResult[] } | { ok: false; error: string } | { ok: 'none' }> {
  const source = params.source ?? 'the stored claims';
  const text = params.text ?? (await readStudyClaims(graph, { studyId: params.studyId }));
  if (text === undefined) return { ok: 'none' };
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    return {
      ok: false,
      error: `${source}: not valid YAML: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
  const parsed = ClaimSet.safeParse(raw);
  if (!parsed.success) return { ok: false, error: `${source}: ${z.prettifyError(parsed.error)}` };
  const units = await loadCodedUnits(graph, { studyId: params.studyId, by: 'speaker' });
  return { ok: true, results: evaluateClaims(parsed.data.claims, units) };
}
