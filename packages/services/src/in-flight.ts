/**
 * At most `limit` writes running at once: `add` waits for a free place (throwing the first
 * failure of an earlier write), `drain` for all of them; `settle` waits without throwing.
 */
export class InFlight {
  readonly #running = new Set<Promise<void>>();
  #failure: { error: unknown } | undefined;

  constructor(readonly limit: number) {}

  async add(write: () => Promise<void>): Promise<void> {
    while (this.#running.size >= this.limit) await Promise.race(this.#running);
    this.#throwFailure();
    const running: Promise<void> = write().then(
      () => {
        this.#running.delete(running);
      },
      (error: unknown) => {
        this.#running.delete(running);
        this.#failure ??= { error };
      },
    );
    this.#running.add(running);
  }

  async drain(): Promise<void> {
    await this.settle();
    this.#throwFailure();
  }

  async settle(): Promise<void> {
    while (this.#running.size > 0) await Promise.race(this.#running);
  }

  #throwFailure(): void {
    if (this.#failure !== undefined) throw this.#failure.error;
  }
}
