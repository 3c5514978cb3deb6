/**
 * Runs async work so that only the newest request waits: while one runs, newer calls replace each other, and the
 * last one runs next (a dragged slider asks for many layers; only the one it stops on matters).
 */
export class LatestOnly<T> {
  private running = false;
  private pending: T | undefined;

  constructor(private readonly work: (item: T) => Promise<void>) {}

  push(item: T): void {
    this.pending = item;
    if (!this.running) void this.drain();
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.pending !== undefined) {
        const item = this.pending;
        this.pending = undefined;
        await this.work(item);
      }
    } finally {
      this.running = false;
    }
  }
}
