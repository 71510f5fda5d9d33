/**
 * The agreement benches: unit and character agreement (issue 17: ≤ 1 s each on 1M codings of
 * two coders), unitizing alpha and set-valued alpha (issue 19: ≤ 2 s each). `pnpm bench`
 * runs them in its computation section; run them on their own with
 *
 *   node --conditions=@iwa/source --import tsx apps/bench/src/computation/agreement-bench.ts --codings=1000000 --runs=3
 */
import {
  characterAgreement,
  familyAgreement,
  unitAgreement,
  unitizingAlpha,
  type CoderCoding,
} from '@iwa/analysis';
import { timeRuns } from '../stats.ts';
import { buildCast, generateInterviews, type CorpusOptions } from '../corpus/generate-corpus.ts';

/** Codings of two coders on every document (the agreement input) until there are `target`. */
export function agreementCodingsFor(
  target: number,
  seed: number,
): { codings: CoderCoding[]; documents: number } {
  const options: CorpusOptions = { interviews: Math.ceil(target / 100), seed, secondCoderShare: 1 };
  const cast = buildCast(options);
  const codings: CoderCoding[] = [];
  let documents = 0;
  for (const interview of generateInterviews(cast, options)) {
    documents += 1;
    for (const x of interview.excerpts) {
      for (const c of x.codings) {
        for (const code of c.codes) {
          codings.push({
            documentId: interview.documentId,
            coderId: c.coder,
            code,
            start: x.start,
            end: x.end,
          });
        }
      }
    }
    if (codings.length >= target) break;
  }
  return { codings, documents };
}

/** One agreement bench: what it times, the function and its target. */
export interface AgreementBench {
  readonly name: string;
  readonly description: string;
  /** The target median in ms on 1M codings. */
  readonly targetMs: number;
  readonly run: () => unknown;
}

/** The agreement benches over `codings` (two coders). */
export function agreementBenches(codings: readonly CoderCoding[]): AgreementBench[] {
  const documentLengths: Record<string, number> = {};
  const byCode = new Map<string, CoderCoding[]>();
  for (const c of codings) {
    documentLengths[c.documentId] = Math.max(documentLengths[c.documentId] ?? 0, c.end + 200);
    const list = byCode.get(c.code);
    if (list === undefined) byCode.set(c.code, [c]);
    else list.push(c);
  }
  return [
    {
      name: 'unit agreement',
      description:
        'unitAgreement: unitize overlapping spans, kappa/alpha/AC1 per code, family, document and overall, disagreement list',
      targetMs: 1000,
      run: () => unitAgreement(codings),
    },
    {
      name: 'character agreement',
      description:
        'characterAgreement: character-level kappa/alpha (NVivo-style coding comparison)',
      targetMs: 1000,
      run: () => characterAgreement(codings),
    },
    {
      name: 'unitizing alpha',
      description:
        "unitizingAlpha per code: uα, |uα, cuα of each code against the gaps over each document's whole length (iwa agreement --measure unitizing)",
      targetMs: 2000,
      run: () => {
        for (const list of byCode.values()) unitizingAlpha(list, { documentLengths });
      },
    },
    {
      name: 'set-valued alpha',
      description:
        'familyAgreement: per family, unitize its spans, code sets per unit under MASI and Jaccard, nominal alpha, AC1, π, Conger where the codes are alternatives (iwa agreement --measure code-set)',
      targetMs: 2000,
      run: () => familyAgreement(codings),
    },
  ];
}

const argv = process.argv.slice(2);
if (process.argv[1]?.endsWith('agreement-bench.ts')) {
  const arg = (name: string, fallback: number): number =>
    Number(argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
  const { codings, documents } = agreementCodingsFor(arg('codings', 1_000_000), arg('seed', 42));
  process.stdout.write(`${codings.length} codings of 2 coders in ${documents} documents\n`);
  for (const bench of agreementBenches(codings)) {
    const timing = await timeRuns(bench.run, { runs: arg('runs', 3) });
    process.stdout.write(
      `${bench.name}: median ${timing.median} ms, min ${timing.min} ms (target ≤ ${bench.targetMs} ms)\n`,
    );
  }
}
