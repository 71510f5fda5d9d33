import { codedUnit, crosstab, crosstabStatistics, type CodedUnit } from '@iwa/analysis';
import { buildCast, generateInterviews, type CorpusOptions } from '../corpus/generate-corpus.ts';
import { log } from '../log.ts';
import { agreementBenches, agreementCodingsFor } from './agreement-bench.ts';
import { timeRuns, type Timing } from '../stats.ts';

export interface ComputationResult {
  name: string;
  description: string;
  input: string;
  /** The target median on 1M codings, in ms (absent in results recorded before it was kept). */
  targetMs?: number;
  timing: Timing;
}

export interface ComputationSummary {
  codings: number;
  units: number;
  agreementCodings: number;
  agreementDocuments: number;
  results: ComputationResult[];
}

/** Coded units (one per excerpt, codes of all coders) until they carry `target` codings. */
export function unitsFor(target: number, seed: number): { units: CodedUnit[]; codings: number } {
  // ~75 codings per interview: generate enough interviews, stop at the target
  const options: CorpusOptions = { interviews: Math.ceil(target / 60), seed };
  const cast = buildCast(options);
  const units: CodedUnit[] = [];
  let codings = 0;
  for (const interview of generateInterviews(cast, options)) {
    const p = interview.informant.position;
    const speaker = {
      role: p.role,
      sector: p.sector,
      tier: p.tier,
      level: p.level,
      authority: p.authority,
      ...(p.embeddedness ? { embeddedness: p.embeddedness } : {}),
      ...(p.dualEmployment !== undefined ? { dualEmployment: p.dualEmployment } : {}),
    };
    interview.excerpts.forEach((x, k) => {
      const codes = [...new Set(x.codings.flatMap((c) => c.codes))];
      codings += x.codings.reduce((s, c) => s + c.codes.length, 0);
      units.push(
        codedUnit({
          unitId: `${interview.documentId}:${k}`,
          documentId: interview.documentId,
          informantId: interview.informant.id,
          codes,
          speaker,
        }),
      );
    });
    if (codings >= target) break;
  }
  return { units, codings };
}

/** Crosstab statistics and agreement over about `target` codings, `runs` timed runs each. */
export async function runComputation(options: {
  target: number;
  seed: number;
  runs: number;
}): Promise<ComputationSummary> {
  log(`computation: generating ${options.target} codings`);
  const { units, codings } = unitsFor(options.target, options.seed);
  const agreement = agreementCodingsFor(options.target, options.seed);
  const results: ComputationResult[] = [];
  const time = async (
    spec: { name: string; description: string; input: string; targetMs: number },
    fn: () => unknown,
  ): Promise<void> => {
    const timing = await timeRuns(fn, { runs: options.runs });
    log(`  ${spec.name}: median ${timing.median} ms`);
    results.push({ ...spec, timing });
  };
  const unitsInput = `${units.length} units carrying ${codings} codings`;
  await time(
    {
      name: 'crosstab + statistics',
      description:
        'crosstab(role × form) and crosstabStatistics (chi-square, residuals, Cramér’s V; Fisher where small)',
      input: unitsInput,
      targetMs: 1000,
    },
    () => crosstabStatistics(crosstab(units, { rows: 'role', cols: 'form' })),
  );
  const agreementInput = `${agreement.codings.length} codings of 2 coders in ${agreement.documents} documents`;
  for (const bench of agreementBenches(agreement.codings)) {
    await time(
      {
        name: bench.name,
        description: bench.description,
        input: agreementInput,
        targetMs: bench.targetMs,
      },
      bench.run,
    );
  }
  return {
    codings,
    units: units.length,
    agreementCodings: agreement.codings.length,
    agreementDocuments: agreement.documents,
    results,
  };
}
