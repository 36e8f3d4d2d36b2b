// Command line entry of the Website controller: reads a kubeconfig, runs until Ctrl-C.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadKubeconfig } from '../../shared/client/library';
import { startWebsiteController } from './controller';

const USAGE = `Usage: node examples/website-controller/run.mjs [--kubeconfig PATH] [--context NAME] [--namespace NS]

Reconciles Website objects (example.kubeflare.dev/v1) into a Deployment and a Service each.
  --kubeconfig  kubeconfig to connect with (default: $KUBECONFIG, else ./kubeconfig)
  --context     context to use (default: the kubeconfig's current-context)
  --namespace   only watch this namespace (default: all namespaces)
`;

const { values } = parseArgs({
  options: {
    kubeconfig: { type: 'string' },
    context: { type: 'string' },
    namespace: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}

const path = values.kubeconfig ?? process.env.KUBECONFIG?.split(':')[0] ?? 'kubeconfig';
let text: string;
try {
  text = readFileSync(path, 'utf8');
} catch (e) {
  console.error(`cannot read kubeconfig ${path}: ${(e as Error).message}\nStart the server with \`npm run dev\` (it writes ./kubeconfig) or pass --kubeconfig.`);
  process.exit(2);
}
const target = loadKubeconfig(text, values.context);
// the kubeconfig's insecure-skip-tls-verify (what `npm run dev` writes for its self-signed certificate)
if (target.insecureSkipTlsVerify) process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';

// one JSON line per event that matters, with the object's namespace/name
const log = (msg: string, fields: Record<string, unknown> = {}): void => {
  process.stdout.write(JSON.stringify({ time: new Date().toISOString(), msg, ...fields }) + '\n');
};

log('starting', { server: target.server, context: target.context, namespace: values.namespace ?? '(all)' });
const controller = startWebsiteController({ server: target.server, token: target.token, namespace: values.namespace, log });

let stopping = false;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    if (stopping) process.exit(1);
    stopping = true;
    log('stopping', { signal: sig });
    void controller.stop().then(() => process.exit(0));
  });
}
