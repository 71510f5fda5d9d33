/**
 * Agreement benches of issue 19: unitizing alpha and set-valued alpha on about `target`
 * codings of two coders (the goal: ≤ 2 s each on 1M codings). Run on its own:
 *
 *   node --conditions=@iwa/source --import tsx apps/bench/src/computation/agreement-bench.ts --codings=1000000 --runs=3
 */
import {
  familyAgreement,
  unitAgreement,
  characterAgreement,
  unitizingAlpha,
  type CoderCoding,
} from '@iwa/analysis';
import { buildCast, generateInterviews, type CorpusOptions } from '../corpus/generate-corpus.ts';
import { timeRuns, type Timing } from '../stats.ts';

/** Codings of two coders on every document until there are `target`. */
export function twoCoderCodings(
  target: number,
  seed: number,
): { codings: CoderCoding[]; documents: number } {
  const options: CorpusOptions = { interviews: Math.ceil(target / 100), seed, secondCoderShare: 1 };
  const codings: CoderCoding[] = [];
  let documents = 0;
  for (const interview of generateInterviews(buildCast(options), options)) {
    documents += 1;
    for (const x of interview.excerpts)
      for (const c of x.codings)
        for (const code of c.codes)
          codings.push({
            documentId: interview.documentId,
            coderId: c.coder,
            code,
            start: x.start,
            end: x.end,
          });
    if (codings.length >= target) break;
  }
  return { codings, documents };
}

/** Times unitizing alpha (per code) and set-valued alpha (per family) on the codings. */
export async function agreementBenches(
  codings: readonly CoderCoding[],
  runs: number,
): Promise<{ name: string; description: string; timing: Timing }[]> {
  const documentLengths: Record<string, number> = {};
  const byCode = new Map<string, CoderCoding[]>();
  for (const c of codings) {
    documentLengths[c.documentId] = Math.max(documentLengths[c.documentId] ?? 0, c.end + 200);
    const list = byCode.get(c.code);
    if (list === undefined) byCode.set(c.code, [c]);
    else list.push(c);
  }
  const out: { name: string; description: string; timing: Timing }[] = [];
  const time = async (name: string, description: string, fn: () => unknown): Promise<void> => {
    out.push({ name, description, timing: await timeRuns(fn, { runs }) });
  };
  await time(
    'unitizing alpha',
    "unitizingAlpha per code: u-alpha, |u-alpha, cu-alpha of each code against the gaps over each document's whole length (iwa agreement --measure unitizing, per code)",
    () => {
      for (const list of byCode.values()) unitizingAlpha(list, { documentLengths });
    },
  );
  await time(
    'set-valued alpha',
    'familyAgreement: per family, unitize its spans, code sets per unit under MASI and Jaccard, nominal alpha, AC1, pi, Conger where the codes are alternatives (iwa agreement --measure code-set)',
    () => familyAgreement(codings),
  );
  await time('unit agreement', 'unitAgreement (issue 17 item 6)', () => unitAgreement(codings));
  await time('character agreement', 'characterAgreement (issue 17 item 6)', () =>
    characterAgreement(codings),
  );
  return out;
}

const argv = process.argv.slice(2);
if (process.argv[1]?.endsWith('agreement-bench.ts')) {
  const arg = (name: string, fallback: number): number =>
    Number(argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
  const { codings, documents } = twoCoderCodings(arg('codings', 1_000_000), arg('seed', 42));
  const results = await agreementBenches(codings, arg('runs', 3));
  process.stdout.write(`${codings.length} codings of 2 coders in ${documents} documents\n`);
  for (const r of results)
    process.stdout.write(`${r.name}: median ${r.timing.median} ms (${r.description})\n`);
}
