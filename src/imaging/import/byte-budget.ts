/**
 * A bound on bytes held at once (zip entries extracted into memory by every import of the process). A
 * reservation waits until its bytes fit; one larger than the whole budget is granted when nothing else is held, so
 * that every reservation is granted eventually. Waiters are served in order, so a large one is not starved.
 */
export class ByteBudget {
  private held = 0;
  private readonly waiting: { bytes: number; grant: () => void }[] = [];

  constructor(readonly capacity: number) {}

  get inUse(): number {
    return this.held;
  }

  /** Resolves, once the bytes may be held, with the function that gives them back (idempotent). */
  async reserve(bytes: number): Promise<() => void> {
    if (this.waiting.length === 0 && this.fits(bytes)) this.held += bytes;
    // Counted by wake() when granted, so that nothing else slips in before this waiter resumes.
    else await new Promise<void>((grant) => this.waiting.push({ bytes, grant }));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.held -= bytes;
      this.wake();
    };
  }

  private fits(bytes: number): boolean {
    return this.held === 0 || this.held + bytes <= this.capacity;
  }

  private wake(): void {
    for (let next = this.waiting[0]; next && this.fits(next.bytes); next = this.waiting[0]) {
      this.waiting.shift();
      this.held += next.bytes;
      next.grant();
    }
  }
}
