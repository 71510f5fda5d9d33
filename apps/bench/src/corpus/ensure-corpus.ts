import { existsSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeQdpx } from '@iwa/refi';
import { formatIssue, readStudyFolder } from '@iwa/study';
import { log } from '../log.ts';
import { GENERATOR_VERSION, type CorpusOptions, type CorpusStats } from './generate-corpus.ts';
import { writeStudyFolder } from './write-study-folder.ts';

/** Generated corpora live here (gitignored), reused while the generator version is the same. */
export const CORPUS_ROOT = fileURLToPath(new URL('../../.corpus/', import.meta.url));

export interface Corpus {
  options: CorpusOptions;
  dir: string;
  qdpx: string | null;
  studyId: string;
  stats: CorpusStats;
  qdpxBytes: number | null;
  generatedMs: number | null;
}

interface Marker {
  version: number;
  stats: CorpusStats;
  qdpxBytes: number | null;
}

/** Generates a corpus (study folder and, if asked, a .qdpx) unless it is already cached. */
export async function ensureCorpus(
  options: CorpusOptions,
  extra: { qdpx: boolean },
): Promise<Corpus> {
  const name = `n${options.interviews}-s${options.seed}-v${GENERATOR_VERSION}`;
  const dir = join(CORPUS_ROOT, name);
  const qdpx = join(CORPUS_ROOT, `${name}.qdpx`);
  const markerFile = join(dir, '.corpus.json');
  const studyId = `bench-${options.interviews}-s${options.seed}`;
  let marker: Marker | undefined;
  if (existsSync(markerFile)) {
    marker = JSON.parse(readFileSync(markerFile, 'utf8')) as Marker;
    if (marker.version !== GENERATOR_VERSION) marker = undefined;
  }
  let generatedMs: number | null = null;
  if (!marker) {
    log(`generating a corpus of ${options.interviews} interviews (seed ${options.seed}) in ${dir}`);
    await rm(dir, { recursive: true, force: true });
    const t0 = performance.now();
    const stats = await writeStudyFolder(dir, options);
    generatedMs = performance.now() - t0;
    marker = { version: GENERATOR_VERSION, stats, qdpxBytes: null };
    await writeFile(markerFile, JSON.stringify(marker, null, 2));
  }
  if (extra.qdpx && (marker.qdpxBytes === null || !existsSync(qdpx))) {
    log(`writing ${qdpx}`);
    const read = await readStudyFolder(dir);
    if (!read.ok) throw new Error(read.errors.slice(0, 10).map(formatIssue).join('\n'));
    const bytes = await writeQdpx(read.study);
    await writeFile(qdpx, bytes);
    marker = { ...marker, qdpxBytes: bytes.length };
    await writeFile(markerFile, JSON.stringify(marker, null, 2));
  }
  return {
    options,
    dir,
    qdpx: extra.qdpx ? qdpx : null,
    studyId,
    stats: marker.stats,
    qdpxBytes: marker.qdpxBytes,
    generatedMs,
  };
}
