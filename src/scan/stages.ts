/** Times the stages of one run, in the order they ran; `npm run bench` prints whatever stages exist. */
export class StageTimer {
  readonly stages: { name: string; ms: number }[] = [];

  async time<T>(name: string, work: () => T | Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await work();
    } finally {
      this.stages.push({ name, ms: performance.now() - start });
    }
  }
}
