/**
 * A fixed-capacity set of time series sharing one time axis, in the column layout uPlot draws
 * (`[times, series1, series2, …]`, seconds on the time axis). Oldest samples drop off the front.
 */
export class Series {
  private readonly cols: number[][];

  constructor(
    readonly names: readonly string[],
    private readonly capacity: number,
  ) {
    this.cols = [[], ...names.map(() => [])];
  }

  /** Appends one sample taken at `atMs`; values in the order of `names` (null: no value at that time). */
  push(atMs: number, values: readonly (number | null)[]): void {
    this.cols[0]!.push(atMs / 1000);
    this.names.forEach((_, i) => this.cols[i + 1]!.push(values[i] ?? (null as unknown as number)));
    if (this.cols[0]!.length > this.capacity) for (const c of this.cols) c.shift();
  }

  get length(): number {
    return this.cols[0]!.length;
  }

  /** The columns, as uPlot's `setData` takes them. */
  data(): number[][] {
    return this.cols;
  }
}
