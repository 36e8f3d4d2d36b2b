export function startupSummary(s: {
  url: string;
  kubeconfig: string;
  kubeconfigArg: string;
  context: string;
  state: string;
  pool: { name: string; nodes: number; created: boolean } | undefined;
  logLevel: string;
}): string;
export function poolProgressLine(pool: string, ready: number, want: number, seconds: number): string;
export function progressStep(lastReported: number, ready: number, want: number): boolean;
