/**
 * Starts the test control plane for manual use and stops it on Ctrl-C.
 *
 *   node --experimental-strip-types test/cluster/cli.ts [--gpu-nodes N] [--gpus-per-node N]
 *        [--cpu-nodes N] [--zones a,b] [--products P1,P2] [--scrape host:port] [--taint-gpu-nodes]
 *
 * (test/cluster/start.sh does the same with the repo's Node.)
 */
import { parseArgs } from 'node:util';
import type * as ControlPlaneModule from './controlPlane';

// A computed specifier: Node's type stripping needs the .ts extension, which the
// repo's tsconfig (moduleResolution Bundler) would refuse in a static import.
const moduleUrl = new URL('./controlPlane.ts', import.meta.url).href;
const { startControlPlane } = (await import(moduleUrl)) as typeof ControlPlaneModule;

const { values } = parseArgs({
  options: {
    'gpu-nodes': { type: 'string', default: '4' },
    'gpus-per-node': { type: 'string', default: '8' },
    'cpu-nodes': { type: 'string', default: '0' },
    zones: { type: 'string' },
    products: { type: 'string' },
    scrape: { type: 'string' },
    'taint-gpu-nodes': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log('usage: cli.ts [--gpu-nodes N] [--gpus-per-node N] [--cpu-nodes N] [--zones a,b] [--products P1,P2] [--scrape host:port] [--taint-gpu-nodes]');
  process.exit(0);
}

const list = (s: string | undefined): string[] | undefined => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : undefined);

const started = Date.now();
const plane = await startControlPlane({
  gpuNodes: Number(values['gpu-nodes']),
  gpusPerNode: Number(values['gpus-per-node']),
  cpuNodes: Number(values['cpu-nodes']),
  zones: list(values.zones),
  products: list(values.products),
  prometheusScrapeTarget: values.scrape,
  taintGpuNodes: values['taint-gpu-nodes'],
  log: (m) => console.error(`[cluster] ${m}`),
});

console.log(`control plane ready in ${((Date.now() - started) / 1000).toFixed(1)}s`);
console.log(`  server:              ${plane.server}`);
console.log(`  admin kubeconfig:    ${plane.kubeconfigPath}`);
console.log(`  limited kubeconfig:  ${plane.limitedKubeconfigPath}`);
if (plane.prometheusUrl) console.log(`  prometheus:          ${plane.prometheusUrl}`);
console.log(`  logs:                ${plane.logDir}`);
console.log(`  nodes:               ${plane.nodeNames.length} (${plane.nodeNames[0]} …)`);
console.log('');
console.log(`  export KUBECONFIG=${plane.kubeconfigPath}`);
console.log(`  ${plane.binDir}/kubectl get nodes -L nvidia.com/gpu.product,topology.kubernetes.io/zone`);
console.log('Ctrl-C to stop.');

let stopping = false;
const shutdown = async (): Promise<void> => {
  if (stopping) return;
  stopping = true;
  console.error('\nstopping…');
  await plane.stop();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
// Keep the event loop alive until a signal arrives.
setInterval(() => undefined, 1 << 30);
