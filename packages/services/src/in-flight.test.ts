import { describe, expect, it } from 'vitest';
import { InFlight } from './in-flight.ts';

/** A write that ends when the test says so. */
function deferred(): { run: () => Promise<void>; finish: () => void; fail: (e: Error) => void } {
  let finish!: () => void;
  let fail!: (e: Error) => void;
  const done = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  return { run: () => done, finish, fail };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('InFlight (the import writes two batches at once)', () => {
  it('starts a third write only when one of two has finished', async () => {
    const w = new InFlight(2);
    const [a, b, c] = [deferred(), deferred(), deferred()];
    const started: string[] = [];
    await w.add(() => (started.push('a'), a.run()));
    await w.add(() => (started.push('b'), b.run()));
    const third = w.add(() => (started.push('c'), c.run()));
    await tick();
    expect(started).toEqual(['a', 'b']);
    b.finish();
    await third;
    expect(started).toEqual(['a', 'b', 'c']);
    a.finish();
    c.finish();
    await w.drain();
  });

  it('throws the first failure, and only once nothing is still writing', async () => {
    const w = new InFlight(2);
    const [a, b] = [deferred(), deferred()];
    await w.add(a.run);
    await w.add(b.run);
    const drained = w.drain().then(
      () => 'resolved',
      (e: unknown) => (e instanceof Error ? e.message : String(e)),
    );
    a.fail(new Error('deadlock on batch 1'));
    await tick();
    let settled = false;
    void drained.then(() => (settled = true));
    await tick();
    expect(settled).toBe(false); // b is still writing
    b.finish();
    expect(await drained).toBe('deadlock on batch 1');
  });

  it('refuses to start another write after one failed', async () => {
    const w = new InFlight(2);
    const a = deferred();
    await w.add(a.run);
    a.fail(new Error('constraint violated'));
    await tick();
    let ran = false;
    await expect(w.add(() => ((ran = true), Promise.resolve()))).rejects.toThrow(
      'constraint violated',
    );
    expect(ran).toBe(false);
  });
});
