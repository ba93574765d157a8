/**
 * Identical work asked for while it runs is done once: later callers with the same key get the running
 * promise, which is forgotten once it settles. A key must say everything the result depends on (the
 * overview gate's includes the commits heard of; the status pages' the response cache's generation).
 */
export class SingleFlight {
  private readonly running = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const shared = this.running.get(key);
    if (shared) return shared as Promise<T>;
    // A `work` that throws before it has a promise (a refusal) leaves nothing behind.
    const flight: Promise<T> = work().finally(() => {
      if (this.running.get(key) === flight) this.running.delete(key);
    });
    this.running.set(key, flight);
    return flight;
  }
}
