import { setImmediate as tick } from 'node:timers/promises';
import { getHeapStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { collectGarbage, heapCheckpoint } from './heap-budget.ts';

describe('heap budget', () => {
  it('collects garbage without --expose-gc', async () => {
    const ref = (() => new WeakRef({ payload: new Array<number>(1_000).fill(1) }))();
    // a WeakRef's target stays alive until the job that made it is over
    await tick();
    collectGarbage();
    expect(ref.deref()).toBeUndefined();
  });

  it('collects at a checkpoint once the heap grew past the budget', async () => {
    collectGarbage();
    // ~130 MB alive until the checkpoint: more than the 64 MB budget above what was live
    const held = Array.from({ length: 130 }, () => new Array<number>(128 * 1024).fill(0.5));
    await tick();
    expect(held.length).toBe(130);
    held.length = 0;
    // nothing is allocated between dropping the arrays and the checkpoint: only it can free them
    const before = getHeapStatistics().used_heap_size;
    heapCheckpoint();
    expect(before - getHeapStatistics().used_heap_size).toBeGreaterThan(100 * 1024 * 1024);
  });
});
