/**
 * At most `limit` holders at once; the others wait in order. Hand-written because the hold spans from a
 * pool connect to a later release (p-limit wraps one function call, which does not fit).
 */
export class Semaphore {
  private held = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {}

  async acquire(): Promise<void> {
    if (this.held < this.limit) {
      this.held += 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** Hands the place straight to the next in line, so the limit holds at every moment. */
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.held -= 1;
  }
}
