/**
 * Progress on stderr, only on a terminal, and only for work that has already taken over a second: short runs and
 * pipelines stay silent.
 */
export class Progress {
  private readonly started: number;
  private shown = false;
  private lastDraw = 0;

  constructor(
    private readonly stream: Pick<NodeJS.WriteStream, 'write'> = process.stderr,
    private readonly enabled: boolean = Boolean(process.stderr.isTTY),
    private readonly now: () => number = Date.now,
  ) {
    this.started = now();
  }

  update(text: string): void {
    if (!this.enabled) return;
    const now = this.now();
    if (now - this.started < 1000 || now - this.lastDraw < 100) return;
    this.lastDraw = now;
    this.shown = true;
    this.stream.write(`\r\x1b[2K${text}`);
  }

  done(): void {
    if (this.shown) this.stream.write('\r\x1b[2K');
    this.shown = false;
  }
}
