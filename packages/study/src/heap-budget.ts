import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/*
 * Reading a large study makes much more garbage than it keeps: the parse tree of study.yaml, the
 * records of thousands of CSV files, the XML of a project file. V8 sets how far its heap may grow
 * before the next full collection from what was live at the last one, up to ~4× that; when that
 * collection happened to fall while a parse tree was alive, or its marking threads wait for a
 * busy CPU, the heap grows several hundred MB past what is live (at 10,000 interviews: 541 MB
 * of heap for 49 MB live; docs/benchmarks.md, "Peak RSS, third round"). The readers therefore
 * collect themselves at a few points: after a large parse, and whenever the heap has grown a
 * fixed budget above what the last collection left.
 */

const MB = 1024 * 1024;

/** How far the heap may grow above what is live before a reader collects (see {@link heapCheckpoint}). */
export const HEAP_BUDGET_BYTES = 64 * MB;

let gc: (() => void) | undefined;
/** The heap in use after the last collection, as far as the checkpoints saw it. */
let floor = Number.POSITIVE_INFINITY;

/**
 * A full garbage collection, now. `--expose-gc` is set at run time and read by a new context,
 * so the process needs no flag.
 */
export function collectGarbage(): void {
  if (gc === undefined) {
    const exposed = (globalThis as { gc?: unknown }).gc;
    if (typeof exposed === 'function') gc = exposed as () => void;
    else {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
    }
  }
  gc();
  floor = getHeapStatistics().used_heap_size;
}

/**
 * Called by a reader after each unit of work (a document, a codings file, a source): collects
 * when the heap has grown {@link HEAP_BUDGET_BYTES} above the least it was at a checkpoint or
 * after a collection. Cheap otherwise (one heap statistics call). The budget is fixed, not a
 * factor of what is live, so the heap stays within live + budget at any study size, and a
 * collection is paid once per budget's worth of garbage that outlived the young generation.
 */
export function heapCheckpoint(): void {
  const used = getHeapStatistics().used_heap_size;
  if (used < floor) floor = used;
  else if (used - floor > HEAP_BUDGET_BYTES) collectGarbage();
}
