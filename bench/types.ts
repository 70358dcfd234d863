export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** The goal this figure is held against, in words ("≥ 100000"). */
  goal?: string;
}
