/** What `GET /version` answers: Kubeflare speaks the Kubernetes 1.32 API. */
export function versionInfo() {
  return {
    major: '1',
    minor: '32',
    gitVersion: 'v1.32.0-kubeflare',
    gitCommit: 'kubeflare',
    gitTreeState: 'clean',
    buildDate: '2026-11-25T00:00:00Z',
    goVersion: 'go1.23.0',
    compiler: 'gc',
    platform: 'cloudflare/workers',
  };
}
