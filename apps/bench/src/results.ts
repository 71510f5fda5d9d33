import type { ComputationSummary } from './computation/run-computation.ts';
import type { CorpusStats } from './corpus/generate-corpus.ts';
import type { IngestSummary } from './ingest/run-ingest.ts';
import type { FailFastSummary } from './launcher/run-fail-fast.ts';
import type { LauncherSummary } from './launcher/run-launcher.ts';
import type { Machine } from './machine.ts';
import type { QueriesSummary } from './queries/run-queries.ts';

/** One target of issue 10 and whether this run met it (`null`: not measured in this run). */
export interface TargetCheck {
  id: string;
  target: string;
  measured: string;
  met: boolean | null;
}

/** Everything one `pnpm bench` run measured: written to apps/bench/results/<id>.json. */
export interface BenchRun {
  format: 1;
  id: string;
  mode: 'quick' | 'full';
  command: string;
  startedAt: string;
  durationSeconds: number;
  machine: Machine;
  server: { external: boolean; heapMb: number | null; pageCacheMb: number | null };
  seed: number;
  corpora: {
    interviews: number;
    stats: CorpusStats;
    generatedMs: number | null;
    qdpxBytes: number | null;
  }[];
  ingest: IngestSummary[];
  queries: QueriesSummary[];
  computation: ComputationSummary | null;
  launcher: LauncherSummary | null;
  /** An unreachable NEO4J_URI: how long the CLI takes to exit (absent in older runs). */
  failFast?: FailFastSummary | null;
  /** The 1-minute load average before each section. */
  load: { section: string; loadAverage: number }[];
  targets: TargetCheck[];
  /** Sections that failed, with the error: the run goes on with the others. */
  failures: { section: string; message: string }[];
}
