import { z } from 'zod';

/**
 * The writers an ingest child can run. `read` only streams the folder (the reader's floor);
 * `floor` is floor (a), the UNWIND load in one transaction at a time, `floor-parallel` the same
 * with two transactions in flight; `admin` is floor (b), Neo4j's offline bulk importer.
 */
export const Writer = z.enum([
  'iwa',
  'floor',
  'floor-parallel',
  'admin',
  'naive',
  'read',
  'iwa-qdpx',
]);
export type Writer = z.infer<typeof Writer>;

/** What the parent asks an ingest child to do. */
export const IngestJob = z.object({
  writer: Writer,
  /** The study folder (or the .qdpx file for `iwa-qdpx`). */
  source: z.string(),
  graph: z.object({
    uri: z.string(),
    user: z.string(),
    password: z.string().optional(),
    database: z.string(),
  }),
  /** Stop after this many documents (the naive writer on large corpora). */
  maxDocuments: z.number().int().positive().optional(),
});
export type IngestJob = z.infer<typeof IngestJob>;

/** What an ingest child reports (one JSON line on stdout, prefixed by RESULT_PREFIX). */
export const IngestResult = z.object({
  writer: Writer,
  documents: z.number(),
  excerpts: z.number(),
  codings: z.number(),
  /** The validation pass of `iwa` (reads every document once without writing). */
  validateMs: z.number().nullable(),
  /** Reading and writing the documents (iwa: `runImport`, which reads as it writes). */
  writeMs: z.number(),
  /** `admin`: writing the CSV files before the import (the import itself is `writeMs`). */
  prepareMs: z.number().nullable().default(null),
  /** `admin`: the import tool's own time (without the JVM start), and what it loaded. */
  toolMs: z.number().nullable().default(null),
  relationships: z.number().nullable().default(null),
  /** Peak resident set size of the child process (VmHWM). */
  peakRssMb: z.number(),
  /** `process.resourceUsage().maxRSS`, the same peak as the kernel reports it. */
  maxRssMb: z.number(),
  heapUsedMb: z.number(),
  /** CPU time (user + system) of the child process: less sensitive to a busy machine than wall time. */
  cpuMs: z.number(),
  /** CPU time of the Neo4j server during the run (added by the parent, when it runs the server). */
  serverCpuMs: z.number().nullable().default(null),
});
export type IngestResult = z.infer<typeof IngestResult>;

export const RESULT_PREFIX = 'IWA_BENCH_RESULT ';
