/**
 * A real Kubernetes control plane on loopback for tests and benchmarks:
 * etcd, kube-apiserver, kube-controller-manager and kube-scheduler built from the
 * Kubernetes Go modules, kwok playing the kubelets of fake GPU nodes, and optionally
 * Debian's Prometheus scraping a dcgm-exporter style endpoint.
 *
 * Binaries come from the cache that `test/cluster/build.sh` fills
 * (${BULWARK_CLUSTER_CACHE:-~/.cache/bulwark-cluster}/bin). Ports are picked at run
 * time, everything lives in one temp folder, and every child runs in its own process
 * group so stop() (or the exit/signal handlers) can end the whole tree.
 *
 * Node 22 built-ins only, one file with no relative imports, and only erasable
 * TypeScript syntax, so it runs under Vitest, esbuild bundles and
 * `node --experimental-strip-types` alike.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface ControlPlaneOptions {
  /** How many fake GPU nodes (gpu-node-0001 …) to create. */
  gpuNodes: number;
  /** nvidia.com/gpu capacity of each GPU node (default 8). */
  gpusPerNode?: number;
  /** Zones handed out round-robin (default us-east-1a, us-east-1b). */
  zones?: string[];
  /** GPU products handed out round-robin (default NVIDIA-H100-80GB-HBM3). */
  products?: string[];
  /** Extra CPU-only nodes (cpu-node-0001 …), default 0. */
  cpuNodes?: number;
  /** Pod capacity of every node (default 110, the kubelet default). */
  maxPodsPerNode?: number;
  /** Taint GPU nodes with nvidia.com/gpu=present:NoSchedule like GPU operators do (default false). */
  taintGpuNodes?: boolean;
  /** "host:port" or "http://host:port/path"; when set, Prometheus scrapes it every second. */
  prometheusScrapeTarget?: string | string[];
  /** Folder for certs, data and logs. Default: a fresh temp folder, removed by stop(). A folder you pass is kept. */
  workDir?: string;
  /** kube-controller-manager --node-monitor-grace-period in seconds (default 40): how long
   * a node may miss lease renewals before it turns NotReady. Pods are evicted from a
   * NotReady node only after the 300 s default toleration that admission adds. */
  nodeMonitorGracePeriodSeconds?: number;
  /** Extra flags per component, appended last (so they win). */
  extraArgs?: Partial<Record<'etcd' | 'apiserver' | 'controllerManager' | 'scheduler' | 'kwok' | 'prometheus', string[]>>;
  /** Give up if the plane is not ready within this time (default 120 s). */
  startTimeoutMs?: number;
  /** Progress messages (default: silent unless BULWARK_CLUSTER_VERBOSE=1). */
  log?: (message: string) => void;
}

export interface KubectlResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface KubectlOptions {
  /** Which identity to use (default admin). */
  as?: 'admin' | 'limited';
  /** Written to kubectl's stdin (for `apply -f -`). */
  input?: string;
  timeoutMs?: number;
}

export interface ApiResponse {
  status: number;
  body: string;
  /** The body parsed as JSON, typed as the caller says. */
  json<T = unknown>(): T;
}

export interface ControlPlane {
  /** Admin kubeconfig (client certificate, group system:masters). Also holds the limited context, not current. */
  kubeconfigPath: string;
  /** Kubeconfig of the limited user: bearer token, RBAC get/list/watch only. */
  limitedKubeconfigPath: string;
  /** https://127.0.0.1:<port> */
  server: string;
  /** PEM of the CA that signed the apiserver's serving certificate and the admin client certificate. */
  caPem: string;
  caPath: string;
  /** Bearer token of an admin (system:masters) user, for raw HTTP calls. */
  adminToken: string;
  /** Bearer token of the limited user. */
  limitedToken: string;
  /** http://127.0.0.1:<port> when prometheusScrapeTarget was given. */
  prometheusUrl?: string;
  /** Names of the nodes created, GPU nodes first. */
  nodeNames: string[];
  workDir: string;
  logDir: string;
  binDir: string;
  /** kubectl from the cache, against this plane. */
  kubectl(args: string[], options?: KubectlOptions): Promise<KubectlResult>;
  /** A raw request to the apiserver as admin (or the limited user). */
  request(method: string, apiPath: string, body?: unknown, as?: 'admin' | 'limited'): Promise<ApiResponse>;
  /** Stop kwok: node leases stop renewing, so nodes go NotReady after the grace period. */
  stopKwok(): Promise<void>;
  /** Start kwok again; resolves once every node and every Running pod on them is Ready again (a few seconds). */
  startKwok(): Promise<void>;
  /** Kill every process and remove the temp folder. Safe to call twice. */
  stop(): Promise<void>;
}

export interface PrometheusServer {
  url: string;
  workDir: string;
  stop(): Promise<void>;
}

const KUBE_VERSION = 'v1.34.4';
const LIMITED_USER = 'bulwark-viewer';
const ADMIN_USER = 'bulwark-admin';
const CLUSTER_NAME = 'bulwark-test';
const KWOK_NODE_ANNOTATION = 'kwok.x-k8s.io/node';
const TEMP_PREFIX = 'bulwark-cluster-';

/** GPU memory in MiB as GPU feature discovery reports it in nvidia.com/gpu.memory. */
const GPU_MEMORY_MIB: Record<string, number> = {
  'NVIDIA-H100-80GB-HBM3': 81559,
  'NVIDIA-H200': 143771,
  'NVIDIA-A100-SXM4-80GB': 81920,
  'NVIDIA-A100-SXM4-40GB': 40960,
  'NVIDIA-L40S': 46068,
  'NVIDIA-L4': 23034,
  'Tesla-T4': 15360,
};

const GPU_FAMILY: Record<string, string> = {
  'NVIDIA-H100-80GB-HBM3': 'hopper',
  'NVIDIA-H200': 'hopper',
  'NVIDIA-A100-SXM4-80GB': 'ampere',
  'NVIDIA-A100-SXM4-40GB': 'ampere',
  'NVIDIA-L40S': 'ada-lovelace',
  'NVIDIA-L4': 'ada-lovelace',
  'Tesla-T4': 'turing',
};

export function clusterCacheDir(): string {
  return process.env.BULWARK_CLUSTER_CACHE || path.join(os.homedir(), '.cache', 'bulwark-cluster');
}

export function clusterBinDir(): string {
  return path.join(clusterCacheDir(), 'bin');
}

// ---------------------------------------------------------------------------
// Process bookkeeping: every live child of every plane, so that exit and signal
// handlers can end them even when a test forgets stop() or the runner is killed.

interface Component {
  name: string;
  child: ChildProcess;
  logPath: string;
  exited: boolean;
  exitDescription: string;
  exitPromise: Promise<void>;
}

const liveComponents = new Set<Component>();
const liveWorkDirs = new Set<string>();
let handlersInstalled = false;

function killGroupSync(pid: number | undefined, signal: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

function cleanupAllSync(): void {
  for (const c of liveComponents) killGroupSync(c.child.pid, 'SIGKILL');
  liveComponents.clear();
  for (const dir of liveWorkDirs) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // best effort at exit
    }
  }
  liveWorkDirs.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  cleanupAllSync();
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
  process.removeListener('SIGHUP', onSignal);
  // Someone else listening decides how to exit; otherwise die of the same signal.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', cleanupAllSync);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
}

interface OwnerRecord {
  ownerPid: number;
  pids: number[];
}

function ownerFile(workDir: string): string {
  return path.join(workDir, 'owner.json');
}

function recordPid(workDir: string, pid: number): void {
  const file = ownerFile(workDir);
  let record: OwnerRecord = { ownerPid: process.pid, pids: [] };
  try {
    record = JSON.parse(readFileSync(file, 'utf8')) as OwnerRecord;
  } catch {
    // first one
  }
  record.pids.push(pid);
  writeFileSync(file, JSON.stringify(record));
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A killed owner can linger as a zombie until its new parent reaps it.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/**
 * A test runner killed with SIGKILL cannot clean up. The next start does it: temp
 * folders of ours whose owner is dead get their recorded processes killed (only when
 * the process's command line still names that folder, so a reused pid is left alone).
 */
function reapStaleRuns(): void {
  const tmp = os.tmpdir();
  let entries: string[];
  try {
    entries = readdirSync(tmp).filter((e) => e.startsWith(TEMP_PREFIX));
  } catch {
    return;
  }
  for (const entry of entries) {
    const dir = path.join(tmp, entry);
    let record: OwnerRecord;
    try {
      record = JSON.parse(readFileSync(ownerFile(dir), 'utf8')) as OwnerRecord;
    } catch {
      continue;
    }
    if (record.ownerPid === process.pid || processAlive(record.ownerPid)) continue;
    console.error(`[cluster] cleaning up ${dir}, left behind by dead process ${record.ownerPid}`);
    for (const pid of record.pids) {
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        if (cmdline.includes(dir)) killGroupSync(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // someone else's
    }
  }
}

function startComponent(workDir: string, logDir: string, name: string, bin: string, args: string[]): Component {
  const logPath = path.join(logDir, `${name}.log`);
  const fd = openSync(logPath, 'a');
  let child: ChildProcess;
  try {
    child = spawn(bin, args, {
      cwd: workDir,
      detached: true, // own process group, so stop() can end grandchildren too
      stdio: ['ignore', fd, fd],
      env: { ...process.env, HOME: workDir },
    });
  } finally {
    closeSync(fd);
  }
  let resolveExit: () => void = () => {};
  const component: Component = {
    name,
    child,
    logPath,
    exited: false,
    exitDescription: '',
    exitPromise: new Promise<void>((r) => (resolveExit = r)),
  };
  const onGone = (description: string): void => {
    if (component.exited) return;
    component.exited = true;
    component.exitDescription = description;
    liveComponents.delete(component);
    resolveExit();
  };
  child.on('exit', (code, signal) => onGone(signal ? `killed by ${signal}` : `exited with code ${code}`));
  child.on('error', (err) => onGone(`failed to start: ${err.message}`));
  if (child.pid) recordPid(workDir, child.pid);
  liveComponents.add(component);
  child.unref();
  return component;
}

async function stopComponents(components: Component[], graceMs = 3000): Promise<void> {
  const running = components.filter((c) => !c.exited);
  for (const c of running) killGroupSync(c.child.pid, 'SIGTERM');
  const all = Promise.all(running.map((c) => c.exitPromise));
  const timedOut = await Promise.race([all.then(() => false), sleep(graceMs).then(() => true)]);
  if (timedOut) {
    for (const c of running) if (!c.exited) killGroupSync(c.child.pid, 'SIGKILL');
    await Promise.race([all, sleep(2000)]);
  }
  // Grandchildren in the group outlive a leader that exited on SIGTERM: sweep the group.
  for (const c of running) killGroupSync(c.child.pid, 'SIGKILL');
}

function tail(file: string, lines = 40): string {
  try {
    const text = readFileSync(file, 'utf8').trimEnd().split('\n');
    return text.slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function describeFailure(message: string, components: Component[], lines = 30): string {
  const parts = [message];
  for (const c of components) {
    const state = c.exited ? c.exitDescription : 'running';
    parts.push(`\n----- ${c.name} (${state}); last ${lines} lines of ${c.logPath} -----\n${tail(c.logPath, lines)}`);
  }
  return parts.join('\n');
}

// ---------------------------------------------------------------------------
// Small utilities

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function freePorts(count: number): Promise<number[]> {
  // Hold all listeners open until every port is known, so the ports are distinct.
  const servers: net.Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = net.createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve());
      });
    }
    return servers.map((s) => (s.address() as net.AddressInfo).port);
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  }
}

function run(bin: string, args: string[], options: { cwd?: string; input?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<KubectlResult> {
  return new Promise((resolve) => {
    const child = execFile(
      bin,
      args,
      { cwd: options.cwd, timeout: options.timeoutMs ?? 60_000, maxBuffer: 256 * 1024 * 1024, env: options.env ?? process.env },
      (error, stdout, stderr) => {
        let code = 0;
        if (error) {
          const e = error as NodeJS.ErrnoException & { code?: number | string };
          code = typeof e.code === 'number' ? e.code : 1;
          if (typeof e.code === 'string') stderr = `${stderr}${error.message}`;
        }
        resolve({ stdout: String(stdout), stderr: String(stderr), code });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
}

async function runOrThrow(bin: string, args: string[], cwd: string): Promise<void> {
  const r = await run(bin, args, { cwd });
  if (r.code !== 0) throw new Error(`${path.basename(bin)} ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
}

interface HttpTarget {
  url: string;
  ca?: string;
  token?: string;
  insecure?: boolean;
}

function httpRequest(method: string, target: HttpTarget, body?: unknown, timeoutMs = 10_000): Promise<ApiResponse> {
  return new Promise((resolve, reject) => {
    const url = new URL(target.url);
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (target.token) headers.Authorization = `Bearer ${target.token}`;
    if (payload !== undefined) {
      headers['Content-Type'] = method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(payload));
    }
    const options: https.RequestOptions = { method, headers, timeout: timeoutMs };
    if (url.protocol === 'https:') {
      options.ca = target.ca;
      options.rejectUnauthorized = !target.insecure;
    }
    const req = (url.protocol === 'https:' ? https : http).request(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, body: text, json: <T>() => JSON.parse(text) as T });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms: ${method} ${target.url}`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** Polls `check` until it returns true; fails early when a watched component dies. */
async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  deadline: number,
  watched: Component[],
  intervalMs = 200,
): Promise<void> {
  let lastError = '';
  for (;;) {
    const dead = watched.find((c) => c.exited);
    if (dead) throw new Error(describeFailure(`${dead.name} ${dead.exitDescription} while waiting for ${what}`, watched));
    try {
      if (await check()) return;
    } catch (e) {
      lastError = (e as Error).message;
    }
    if (Date.now() > deadline) {
      throw new Error(describeFailure(`timed out waiting for ${what}${lastError ? ` (last error: ${lastError})` : ''}`, watched));
    }
    await sleep(intervalMs);
  }
}

function kubeconfigYaml(server: string, caPem: string, user: string, credentials: Record<string, string>, extraUsers: Array<{ user: string; credentials: Record<string, string> }> = []): string {
  const all = [{ user, credentials }, ...extraUsers];
  const lines = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${CLUSTER_NAME}`,
    '  cluster:',
    `    server: ${server}`,
    `    certificate-authority-data: ${Buffer.from(caPem).toString('base64')}`,
    'users:',
  ];
  for (const u of all) {
    lines.push(`- name: ${u.user}`, '  user:');
    for (const [k, v] of Object.entries(u.credentials)) lines.push(`    ${k}: ${v}`);
  }
  lines.push('contexts:');
  for (const u of all) {
    lines.push(`- name: ${u.user}@${CLUSTER_NAME}`, '  context:', `    cluster: ${CLUSTER_NAME}`, `    user: ${u.user}`, '    namespace: default');
  }
  lines.push(`current-context: ${user}@${CLUSTER_NAME}`, 'preferences: {}', '');
  return lines.join('\n');
}

function regionOf(zone: string): string {
  return /[a-z]$/.test(zone) && /\d[a-z]$/.test(zone) ? zone.slice(0, -1) : zone.replace(/-[a-z]$/, '');
}

export function gpuNodeName(index: number): string {
  return `gpu-node-${String(index + 1).padStart(4, '0')}`;
}

export function cpuNodeName(index: number): string {
  return `cpu-node-${String(index + 1).padStart(4, '0')}`;
}

/** The parts of a Node the readiness wait looks at. */
interface NodeStatusView {
  metadata: { name: string };
  spec?: { taints?: Array<{ key: string }> };
  status?: { conditions?: Array<{ type: string; status: string }> };
}

/** The parts of a Pod the kwok restart looks at. */
interface PodReadinessView {
  metadata: { name: string; namespace: string; deletionTimestamp?: string };
  spec: { nodeName?: string };
  status: { conditions?: Array<{ type: string; status: string }> };
}

interface NodeSpec {
  name: string;
  zone: string;
  product?: string;
  gpus: number;
  maxPods: number;
  taintGpu: boolean;
  ip: string;
}

function nodeManifest(n: NodeSpec): unknown {
  const labels: Record<string, string> = {
    'kubernetes.io/hostname': n.name,
    'kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'beta.kubernetes.io/arch': 'amd64',
    'topology.kubernetes.io/zone': n.zone,
    'topology.kubernetes.io/region': regionOf(n.zone),
    type: 'kwok',
  };
  const capacity: Record<string, string> = {
    cpu: n.product ? '192' : '64',
    memory: n.product ? '2048Gi' : '256Gi',
    'ephemeral-storage': n.product ? '28Ti' : '1Ti',
    pods: String(n.maxPods),
  };
  const allocatable: Record<string, string> = {
    cpu: n.product ? '190' : '63',
    memory: n.product ? '2040Gi' : '250Gi',
    'ephemeral-storage': n.product ? '27Ti' : '950Gi',
    pods: String(n.maxPods),
  };
  const taints: unknown[] = [];
  if (n.product) {
    labels['node.kubernetes.io/instance-type'] = `gpu-${n.gpus}x-${n.product.toLowerCase()}`;
    labels['nvidia.com/gpu.present'] = 'true';
    labels['nvidia.com/gpu.product'] = n.product;
    labels['nvidia.com/gpu.count'] = String(n.gpus);
    labels['nvidia.com/gpu.memory'] = String(GPU_MEMORY_MIB[n.product] ?? 81920);
    if (GPU_FAMILY[n.product]) labels['nvidia.com/gpu.family'] = GPU_FAMILY[n.product];
    capacity['nvidia.com/gpu'] = String(n.gpus);
    allocatable['nvidia.com/gpu'] = String(n.gpus);
    if (n.taintGpu) taints.push({ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' });
  } else {
    labels['node.kubernetes.io/instance-type'] = 'cpu-64';
  }
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: n.name,
      labels,
      // kwok manages only nodes carrying this annotation (--manage-nodes-with-annotation-selector).
      annotations: { [KWOK_NODE_ANNOTATION]: 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
    },
    spec: taints.length ? { taints } : {},
    // Nodes may carry status on create; kwok keeps capacity/allocatable and fills the rest.
    status: {
      capacity,
      allocatable,
      addresses: [
        { type: 'InternalIP', address: n.ip },
        { type: 'Hostname', address: n.name },
      ],
    },
  };
}

/**
 * kwok stages: nodes become Ready at once and keep their leases; pods bound to a kwok
 * node turn Running at once; pods owned by a Job succeed after 1 s unless the pod
 * carries the annotation pod-complete.stage.kwok.x-k8s.io/delay (a Go duration such
 * as "1h"); Running pods marked NotReady (node lost) turn Ready again 1 s after kwok
 * serves their node again; deleted pods go away at once.
 */
function kwokConfigYaml(nodeLeaseDurationSeconds: number): string {
  return `apiVersion: config.kwok.x-k8s.io/v1alpha1
kind: KwokConfiguration
options:
  cidr: 10.244.0.0/16
  nodeLeaseDurationSeconds: ${nodeLeaseDurationSeconds}
  nodeLeaseParallelism: 16
  podPlayStageParallelism: 16
  nodePlayStageParallelism: 16
  enableDebuggingHandlers: false
  enableProfilingHandler: false
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: node-initialize
spec:
  resourceRef:
    apiGroup: v1
    kind: Node
  selector:
    matchExpressions:
    - key: '.status.conditions.[] | select( .type == "Ready" ) | .status'
      operator: 'NotIn'
      values: ['True']
  next:
    statusTemplate: |
      {{ $now := Now }}
      {{ $lastTransitionTime := or .metadata.creationTimestamp $now }}
      conditions:
      {{ range NodeConditions }}
      - lastHeartbeatTime: {{ $now | Quote }}
        lastTransitionTime: {{ $lastTransitionTime | Quote }}
        message: {{ .message | Quote }}
        reason: {{ .reason | Quote }}
        status: {{ .status | Quote }}
        type: {{ .type | Quote }}
      {{ end }}
      addresses:
      {{ with .status.addresses }}
      {{ YAML . 1 }}
      {{ end }}
      allocatable:
      {{ YAML .status.allocatable 1 }}
      capacity:
      {{ YAML .status.capacity 1 }}
      nodeInfo:
        architecture: amd64
        bootID: ""
        containerRuntimeVersion: containerd://1.7.27
        kernelVersion: 6.8.0-kwok
        kubeProxyVersion: ${KUBE_VERSION}
        kubeletVersion: ${KUBE_VERSION}
        machineID: ""
        operatingSystem: linux
        osImage: Ubuntu 22.04.5 LTS (kwok)
        systemUUID: ""
      phase: Running
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: node-heartbeat-with-lease
spec:
  resourceRef:
    apiGroup: v1
    kind: Node
  selector:
    matchExpressions:
    - key: '.status.phase'
      operator: 'In'
      values: ['Running']
    - key: '.status.conditions.[] | select( .type == "Ready" ) | .status'
      operator: 'In'
      values: ['True']
  delay:
    durationMilliseconds: 600000
    jitterDurationMilliseconds: 610000
  next:
    statusTemplate: |
      {{ $now := Now }}
      {{ $lastTransitionTime := or .metadata.creationTimestamp $now }}
      conditions:
      {{ range NodeConditions }}
      - lastHeartbeatTime: {{ $now | Quote }}
        lastTransitionTime: {{ $lastTransitionTime | Quote }}
        message: {{ .message | Quote }}
        reason: {{ .reason | Quote }}
        status: {{ .status | Quote }}
        type: {{ .type | Quote }}
      {{ end }}
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: pod-ready
spec:
  resourceRef:
    apiGroup: v1
    kind: Pod
  selector:
    matchExpressions:
    - key: '.metadata.deletionTimestamp'
      operator: 'DoesNotExist'
    - key: '.status.phase'
      operator: 'In'
      values: ['Pending']
    - key: '.status.conditions.[] | select( .type == "Ready" ) | .status'
      operator: 'NotIn'
      values: ['True']
  next:
    statusTemplate: |
      {{ $now := Now }}
      conditions:
      - lastTransitionTime: {{ $now | Quote }}
        status: "True"
        type: PodReadyToStartContainers
      - lastTransitionTime: {{ $now | Quote }}
        status: "True"
        type: Initialized
      - lastTransitionTime: {{ $now | Quote }}
        status: "True"
        type: Ready
      - lastTransitionTime: {{ $now | Quote }}
        status: "True"
        type: ContainersReady
      {{ range .spec.readinessGates }}
      - lastTransitionTime: {{ $now | Quote }}
        status: "True"
        type: {{ .conditionType | Quote }}
      {{ end }}
      containerStatuses:
      {{ range .spec.containers }}
      - image: {{ .image | Quote }}
        name: {{ .name | Quote }}
        ready: true
        started: true
        restartCount: 0
        state:
          running:
            startedAt: {{ $now | Quote }}
      {{ end }}
      initContainerStatuses:
      {{ range .spec.initContainers }}
      - image: {{ .image | Quote }}
        name: {{ .name | Quote }}
        ready: true
        restartCount: 0
        {{ if eq .restartPolicy "Always" }}
        started: true
        state:
          running:
            startedAt: {{ $now | Quote }}
        {{ else }}
        state:
          terminated:
            exitCode: 0
            finishedAt: {{ $now | Quote }}
            reason: Completed
            startedAt: {{ $now | Quote }}
        {{ end }}
      {{ end }}
      {{ $hostIPs := NodeIPsWith .spec.nodeName }}
      {{ with $hostIPs }}
      hostIP: {{ index . 0 | Quote }}
      hostIPs:
      {{ range . }}
      - ip: {{ . | Quote }}
      {{ end }}
      {{ end }}
      {{ $podIPs := PodIPsWith .spec.nodeName ( or .spec.hostNetwork false ) ( or .metadata.uid "" ) ( or .metadata.name "" ) ( or .metadata.namespace "" ) }}
      {{ with $podIPs }}
      podIP: {{ index . 0 | Quote }}
      podIPs:
      {{ range . }}
      - ip: {{ . | Quote }}
      {{ end }}
      {{ end }}
      phase: Running
      startTime: {{ $now | Quote }}
---
# A kubelet that is back re-reports its pods; kwok's pod-ready only handles Pending
# pods, so without this, pods that the node lifecycle controller marked NotReady
# (node lease late, or kwok stopped by a test) would stay NotReady forever.
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: pod-ready-again
spec:
  resourceRef:
    apiGroup: v1
    kind: Pod
  selector:
    matchExpressions:
    - key: '.metadata.deletionTimestamp'
      operator: 'DoesNotExist'
    - key: '.status.phase'
      operator: 'In'
      values: ['Running']
    - key: '.status.conditions.[] | select( .type == "Ready" ) | .status'
      operator: 'NotIn'
      values: ['True']
  delay:
    durationMilliseconds: 1000
  next:
    statusTemplate: |
      {{ $now := Now }}
      {{ $started := or .status.startTime $now }}
      conditions:
      - lastTransitionTime: {{ $now | Quote }}
        status: "True"
        type: Ready
      - lastTransitionTime: {{ $now | Quote }}
        status: "True"
        type: ContainersReady
      containerStatuses:
      {{ range .spec.containers }}
      - image: {{ .image | Quote }}
        name: {{ .name | Quote }}
        ready: true
        started: true
        restartCount: 0
        state:
          running:
            startedAt: {{ $started | Quote }}
      {{ end }}
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: pod-complete
spec:
  resourceRef:
    apiGroup: v1
    kind: Pod
  selector:
    matchExpressions:
    - key: '.metadata.deletionTimestamp'
      operator: 'DoesNotExist'
    - key: '.status.phase'
      operator: 'In'
      values: ['Running']
    - key: '.metadata.ownerReferences.[].kind'
      operator: 'In'
      values: ['Job']
  delay:
    durationMilliseconds: 1000
    durationFrom:
      expressionFrom: '.metadata.annotations["pod-complete.stage.kwok.x-k8s.io/delay"]'
  next:
    statusTemplate: |
      {{ $now := Now }}
      conditions:
      - lastTransitionTime: {{ $now | Quote }}
        status: "False"
        type: Ready
        reason: PodCompleted
      - lastTransitionTime: {{ $now | Quote }}
        status: "False"
        type: ContainersReady
        reason: PodCompleted
      containerStatuses:
      {{ range .spec.containers }}
      - image: {{ .image | Quote }}
        name: {{ .name | Quote }}
        ready: false
        restartCount: 0
        started: false
        state:
          terminated:
            exitCode: 0
            finishedAt: {{ $now | Quote }}
            reason: Completed
            startedAt: {{ $now | Quote }}
      {{ end }}
      phase: Succeeded
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: pod-delete
spec:
  resourceRef:
    apiGroup: v1
    kind: Pod
  selector:
    matchExpressions:
    - key: '.metadata.deletionTimestamp'
      operator: 'Exists'
  next:
    delete: true
`;
}

function prometheusConfigYaml(targets: string[]): string {
  const jobs = targets.map((raw, i) => {
    const url = new URL(raw.includes('://') ? raw : `http://${raw}/metrics`);
    return [
      `- job_name: ${i === 0 ? 'dcgm' : `dcgm-${i}`}`,
      '  scrape_interval: 1s',
      '  scrape_timeout: 1s',
      '  honor_labels: true',
      `  scheme: ${url.protocol.replace(':', '')}`,
      `  metrics_path: ${url.pathname === '/' ? '/metrics' : url.pathname}`,
      '  static_configs:',
      `  - targets: ['${url.host}']`,
    ].join('\n');
  });
  return ['global:', '  scrape_interval: 1s', '  evaluation_interval: 1s', 'scrape_configs:', ...jobs, ''].join('\n');
}

function checkBinaries(binDir: string, names: string[]): void {
  const missing = names.filter((n) => !existsSync(path.join(binDir, n)));
  if (missing.length) {
    throw new Error(
      `test cluster binaries missing in ${binDir}: ${missing.join(', ')}.\n` +
        'Build them once with: bash test/cluster/build.sh (or .ci/install-cluster.sh); ' +
        'set BULWARK_CLUSTER_CACHE to use another cache folder.',
    );
  }
}

function prometheusBin(): string {
  return process.env.BULWARK_PROMETHEUS_BIN || '/usr/bin/prometheus';
}

function makeWorkDir(requested: string | undefined): { workDir: string; owned: boolean } {
  if (requested) {
    mkdirSync(requested, { recursive: true });
    return { workDir: path.resolve(requested), owned: false };
  }
  return { workDir: mkdtempSync(path.join(os.tmpdir(), TEMP_PREFIX)), owned: true };
}

function startPrometheusProcess(workDir: string, logDir: string, port: number, targets: string[], extra: string[]): Component {
  const configPath = path.join(workDir, 'prometheus.yml');
  writeFileSync(configPath, prometheusConfigYaml(targets));
  return startComponent(workDir, logDir, 'prometheus', prometheusBin(), [
    `--config.file=${configPath}`,
    `--storage.tsdb.path=${path.join(workDir, 'prometheus-data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--storage.tsdb.retention.time=2h',
    '--log.level=warn',
    ...extra,
  ]);
}

/** Prometheus alone (Debian's /usr/bin/prometheus), scraping the given targets every second. */
export async function startPrometheus(opts: { scrapeTarget: string | string[]; workDir?: string; startTimeoutMs?: number; extraArgs?: string[] }): Promise<PrometheusServer> {
  if (!existsSync(prometheusBin())) throw new Error(`${prometheusBin()} not found: apt-get install -y prometheus (or run .ci/install-cluster.sh)`);
  installHandlers();
  reapStaleRuns();
  const { workDir, owned } = makeWorkDir(opts.workDir);
  writeFileSync(ownerFile(workDir), JSON.stringify({ ownerPid: process.pid, pids: [] }));
  if (owned) liveWorkDirs.add(workDir);
  const logDir = path.join(workDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const [port] = await freePorts(1);
  const targets = Array.isArray(opts.scrapeTarget) ? opts.scrapeTarget : [opts.scrapeTarget];
  const prom = startPrometheusProcess(workDir, logDir, port, targets, opts.extraArgs ?? []);
  const url = `http://127.0.0.1:${port}`;
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await stopComponents([prom]);
    if (owned) {
      rmSync(workDir, { recursive: true, force: true });
      liveWorkDirs.delete(workDir);
    }
  };
  try {
    await waitUntil('prometheus /-/ready', async () => (await httpRequest('GET', { url: `${url}/-/ready` }, undefined, 2000)).status === 200, Date.now() + (opts.startTimeoutMs ?? 60_000), [prom]);
  } catch (e) {
    await stopComponents([prom]);
    throw e;
  }
  return { url, workDir, stop };
}

/**
 * Starts etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kwok on
 * 127.0.0.1, creates the fake nodes and resolves when the API is ready, the
 * controllers and scheduler are healthy and every node is Ready and schedulable.
 */
export async function startControlPlane(opts: ControlPlaneOptions): Promise<ControlPlane> {
  const t0 = Date.now();
  const verbose = process.env.BULWARK_CLUSTER_VERBOSE === '1';
  const log = opts.log ?? ((m: string) => (verbose ? console.error(`[cluster +${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`) : undefined));
  const binDir = clusterBinDir();
  checkBinaries(binDir, ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubectl', 'kwok']);
  const targets = opts.prometheusScrapeTarget === undefined ? [] : Array.isArray(opts.prometheusScrapeTarget) ? opts.prometheusScrapeTarget : [opts.prometheusScrapeTarget];
  if (targets.length && !existsSync(prometheusBin())) {
    throw new Error(`${prometheusBin()} not found: apt-get install -y prometheus (or run .ci/install-cluster.sh)`);
  }
  const gpusPerNode = opts.gpusPerNode ?? 8;
  const zones = opts.zones?.length ? opts.zones : ['us-east-1a', 'us-east-1b'];
  const products = opts.products?.length ? opts.products : ['NVIDIA-H100-80GB-HBM3'];
  const maxPods = opts.maxPodsPerNode ?? 110;
  const deadline = t0 + (opts.startTimeoutMs ?? 120_000);
  const extra = opts.extraArgs ?? {};

  installHandlers();
  reapStaleRuns();
  const { workDir, owned } = makeWorkDir(opts.workDir);
  writeFileSync(ownerFile(workDir), JSON.stringify({ ownerPid: process.pid, pids: [] }));
  if (owned) liveWorkDirs.add(workDir);
  const logDir = path.join(workDir, 'logs');
  const pki = path.join(workDir, 'pki');
  mkdirSync(logDir, { recursive: true });
  mkdirSync(pki, { recursive: true });
  const bin = (n: string): string => path.join(binDir, n);

  const components: Component[] = [];
  let kwok: Component | undefined;
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await stopComponents(components);
    if (owned) {
      rmSync(workDir, { recursive: true, force: true });
      liveWorkDirs.delete(workDir);
    } else {
      rmSync(path.join(workDir, 'etcd-data'), { recursive: true, force: true });
      rmSync(path.join(workDir, 'prometheus-data'), { recursive: true, force: true });
    }
  };

  try {
    const [etcdPort, etcdPeerPort, apiPort, kcmPort, schedPort, promPort] = await freePorts(6);
    const server = `https://127.0.0.1:${apiPort}`;

    // --- PKI: one CA for serving and client certs; EC keys are fast to make.
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '3650'];
    await runOrThrow('openssl', ['req', '-x509', '-new', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-subj', '/CN=bulwark-test-ca'], pki);
    const sans = [
      'IP:127.0.0.1',
      'IP:10.96.0.1',
      'DNS:localhost',
      'DNS:kubernetes',
      'DNS:kubernetes.default',
      'DNS:kubernetes.default.svc',
      'DNS:kubernetes.default.svc.cluster.local',
    ].join(',');
    const signed = ['-CA', 'ca.crt', '-CAkey', 'ca.key', '-addext', 'basicConstraints=critical,CA:FALSE', '-addext', 'keyUsage=critical,digitalSignature,keyEncipherment'];
    await Promise.all([
      runOrThrow('openssl', ['req', '-x509', '-new', ...ec, ...signed, '-keyout', 'apiserver.key', '-out', 'apiserver.crt', '-subj', '/CN=kube-apiserver', '-addext', `subjectAltName=${sans}`, '-addext', 'extendedKeyUsage=serverAuth'], pki),
      runOrThrow('openssl', ['req', '-x509', '-new', ...ec, ...signed, '-keyout', 'admin.key', '-out', 'admin.crt', '-subj', `/O=system:masters/CN=${ADMIN_USER}`, '-addext', 'extendedKeyUsage=clientAuth'], pki),
    ]);
    const sa = generateKeyPairSync('ec', {
      namedCurve: 'prime256v1',
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    writeFileSync(path.join(pki, 'sa.key'), sa.privateKey, { mode: 0o600 });
    writeFileSync(path.join(pki, 'sa.pub'), sa.publicKey);
    const caPath = path.join(pki, 'ca.crt');
    const caPem = readFileSync(caPath, 'utf8');

    // --- Static tokens: components, a harness admin, and the limited user.
    const token = (): string => randomBytes(24).toString('hex');
    const tokens = {
      harness: token(),
      limited: token(),
      kcm: token(),
      scheduler: token(),
      kwok: token(),
    };
    writeFileSync(
      path.join(pki, 'tokens.csv'),
      [
        `${tokens.harness},bulwark-harness,uid-harness,"system:masters"`,
        `${tokens.limited},${LIMITED_USER},uid-viewer,"bulwark:viewers"`,
        `${tokens.kcm},system:kube-controller-manager,uid-kcm`,
        `${tokens.scheduler},system:kube-scheduler,uid-scheduler`,
        `${tokens.kwok},bulwark-kwok,uid-kwok,"system:masters"`,
        '',
      ].join('\n'),
      { mode: 0o600 },
    );
    const kubeconfigPath = path.join(workDir, 'kubeconfig');
    const limitedKubeconfigPath = path.join(workDir, 'kubeconfig-limited');
    const adminCreds = {
      'client-certificate-data': readFileSync(path.join(pki, 'admin.crt')).toString('base64'),
      'client-key-data': readFileSync(path.join(pki, 'admin.key')).toString('base64'),
    };
    writeFileSync(kubeconfigPath, kubeconfigYaml(server, caPem, ADMIN_USER, adminCreds, [{ user: LIMITED_USER, credentials: { token: tokens.limited } }]), { mode: 0o600 });
    writeFileSync(limitedKubeconfigPath, kubeconfigYaml(server, caPem, LIMITED_USER, { token: tokens.limited }), { mode: 0o600 });
    const componentKubeconfig = (name: string, tok: string): string => {
      const p = path.join(workDir, `${name}.kubeconfig`);
      writeFileSync(p, kubeconfigYaml(server, caPem, name, { token: tok }), { mode: 0o600 });
      return p;
    };
    const kcmKubeconfig = componentKubeconfig('kube-controller-manager', tokens.kcm);
    const schedKubeconfig = componentKubeconfig('kube-scheduler', tokens.scheduler);
    const kwokKubeconfig = componentKubeconfig('kwok', tokens.kwok);
    const kwokConfig = path.join(workDir, 'kwok.yaml');
    // kwok renews leases every quarter of their duration; a lease as long as the grace
    // period keeps a short grace period from flapping nodes under load.
    const gracePeriod = opts.nodeMonitorGracePeriodSeconds ?? 40;
    writeFileSync(kwokConfig, kwokConfigYaml(Math.max(4, Math.round(gracePeriod))));
    const schedConfig = path.join(workDir, 'kube-scheduler.yaml');
    writeFileSync(
      schedConfig,
      [
        'apiVersion: kubescheduler.config.k8s.io/v1',
        'kind: KubeSchedulerConfiguration',
        'clientConnection:',
        `  kubeconfig: ${schedKubeconfig}`,
        '  qps: 200',
        '  burst: 400',
        'leaderElection:',
        '  leaderElect: false',
        '',
      ].join('\n'),
    );

    // --- etcd
    log('starting etcd');
    const etcdUrl = `http://127.0.0.1:${etcdPort}`;
    const etcd = startComponent(workDir, logDir, 'etcd', bin('etcd'), [
      '--name=bulwark',
      `--data-dir=${path.join(workDir, 'etcd-data')}`,
      `--listen-client-urls=${etcdUrl}`,
      `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=http://127.0.0.1:${etcdPeerPort}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeerPort}`,
      `--initial-cluster=bulwark=http://127.0.0.1:${etcdPeerPort}`,
      '--initial-cluster-state=new',
      // Throwaway data: skip fsync, which dominates write latency on a shared disk.
      '--unsafe-no-fsync',
      '--quota-backend-bytes=4294967296',
      '--log-level=warn',
      ...(extra.etcd ?? []),
    ]);
    components.push(etcd);

    let prom: Component | undefined;
    if (targets.length) {
      log('starting prometheus');
      prom = startPrometheusProcess(workDir, logDir, promPort, targets, extra.prometheus ?? []);
      components.push(prom);
    }

    await waitUntil(
      'etcd /health',
      async () => {
        const r = await httpRequest('GET', { url: `${etcdUrl}/health` }, undefined, 2000);
        return r.status === 200 && r.json<{ health?: string }>().health === 'true';
      },
      deadline,
      [etcd],
      100,
    );

    // --- kube-apiserver
    log('starting kube-apiserver');
    const apiserver = startComponent(workDir, logDir, 'kube-apiserver', bin('kube-apiserver'), [
      `--etcd-servers=${etcdUrl}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${apiPort}`,
      `--tls-cert-file=${path.join(pki, 'apiserver.crt')}`,
      `--tls-private-key-file=${path.join(pki, 'apiserver.key')}`,
      `--client-ca-file=${caPath}`,
      `--token-auth-file=${path.join(pki, 'tokens.csv')}`,
      '--authorization-mode=RBAC',
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${path.join(pki, 'sa.pub')}`,
      `--service-account-signing-key-file=${path.join(pki, 'sa.key')}`,
      '--service-cluster-ip-range=10.96.0.0/16',
      '--allow-privileged=true',
      // The kubernetes Service cannot point at a loopback address; nothing here needs it.
      '--endpoint-reconciler-type=none',
      // Aggregation-layer settings; without them every component logs a missing CA bundle.
      `--requestheader-client-ca-file=${caPath}`,
      '--requestheader-allowed-names=front-proxy-client',
      '--requestheader-username-headers=X-Remote-User',
      '--requestheader-group-headers=X-Remote-Group',
      '--requestheader-extra-headers-prefix=X-Remote-Extra-',
      '--profiling=false',
      '--v=1',
      ...(extra.apiserver ?? []),
    ]);
    components.push(apiserver);
    const harness: HttpTarget = { url: server, ca: caPem, token: tokens.harness };
    const api = (method: string, p: string, body?: unknown): Promise<ApiResponse> => httpRequest(method, { ...harness, url: server + p }, body);
    await waitUntil('kube-apiserver /readyz', async () => (await api('GET', '/readyz')).status === 200, deadline, [etcd, apiserver], 250);
    log('kube-apiserver ready');

    // --- RBAC for the limited user: read everything, change nothing.
    const rbac = [
      [
        '/apis/rbac.authorization.k8s.io/v1/clusterroles',
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRole',
          metadata: { name: 'bulwark-viewer' },
          rules: [
            { apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list', 'watch'] },
            { nonResourceURLs: ['*'], verbs: ['get'] },
          ],
        },
      ],
      [
        '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRoleBinding',
          metadata: { name: 'bulwark-viewer' },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'bulwark-viewer' },
          subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: LIMITED_USER }],
        },
      ],
    ] as const;
    for (const [p, body] of rbac) {
      const r = await api('POST', p, body);
      if (r.status !== 201 && r.status !== 409) throw new Error(`creating ${p} failed: ${r.status} ${r.body}`);
    }

    // --- controllers, scheduler, kwok
    log('starting kube-controller-manager, kube-scheduler, kwok');
    const kcm = startComponent(workDir, logDir, 'kube-controller-manager', bin('kube-controller-manager'), [
      `--kubeconfig=${kcmKubeconfig}`,
      `--authentication-kubeconfig=${kcmKubeconfig}`,
      `--authorization-kubeconfig=${kcmKubeconfig}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${kcmPort}`,
      '--leader-elect=false',
      '--use-service-account-credentials=true',
      `--service-account-private-key-file=${path.join(pki, 'sa.key')}`,
      `--root-ca-file=${caPath}`,
      `--cluster-signing-cert-file=${caPath}`,
      `--cluster-signing-key-file=${path.join(pki, 'ca.key')}`,
      '--cluster-name=bulwark-test',
      '--node-monitor-period=2s',
      `--node-monitor-grace-period=${gracePeriod}s`,
      '--kube-api-qps=200',
      '--kube-api-burst=400',
      '--profiling=false',
      '--v=1',
      ...(extra.controllerManager ?? []),
    ]);
    components.push(kcm);
    const scheduler = startComponent(workDir, logDir, 'kube-scheduler', bin('kube-scheduler'), [
      `--config=${schedConfig}`,
      `--authentication-kubeconfig=${schedKubeconfig}`,
      `--authorization-kubeconfig=${schedKubeconfig}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${schedPort}`,
      '--profiling=false',
      '--v=1',
      ...(extra.scheduler ?? []),
    ]);
    components.push(scheduler);
    const kwokArgs = [
      `--kubeconfig=${kwokKubeconfig}`,
      `--config=${kwokConfig}`,
      '--manage-all-nodes=false',
      `--manage-nodes-with-annotation-selector=${KWOK_NODE_ANNOTATION}=fake`,
      // INFO logs a line per lease renewal and patch: 20 MB in 10 minutes at 1000 nodes.
      '--v=WARN',
      ...(extra.kwok ?? []),
    ];
    kwok = startComponent(workDir, logDir, 'kwok', bin('kwok'), kwokArgs);
    components.push(kwok);

    // --- nodes
    const specs: NodeSpec[] = [];
    for (let i = 0; i < opts.gpuNodes; i++) {
      specs.push({
        name: gpuNodeName(i),
        zone: zones[i % zones.length],
        product: products[i % products.length],
        gpus: gpusPerNode,
        maxPods,
        taintGpu: opts.taintGpuNodes ?? false,
        ip: `10.0.${Math.floor((i + 1) / 250)}.${((i + 1) % 250) + 1}`,
      });
    }
    for (let i = 0; i < (opts.cpuNodes ?? 0); i++) {
      specs.push({ name: cpuNodeName(i), zone: zones[i % zones.length], gpus: 0, maxPods, taintGpu: false, ip: `10.1.${Math.floor((i + 1) / 250)}.${((i + 1) % 250) + 1}` });
    }
    log(`creating ${specs.length} nodes`);
    let next = 0;
    const createWorker = async (): Promise<void> => {
      while (next < specs.length) {
        const spec = specs[next++];
        const r = await api('POST', '/api/v1/nodes', nodeManifest(spec));
        if (r.status !== 201) throw new Error(`creating node ${spec.name} failed: ${r.status} ${r.body}`);
      }
    };
    await Promise.all(Array.from({ length: Math.min(8, specs.length) }, createWorker));

    const core = [etcd, apiserver, kcm, scheduler, kwok];
    const healthz = (port: number) => async () => (await httpRequest('GET', { url: `https://127.0.0.1:${port}/healthz`, insecure: true }, undefined, 2000)).status === 200;
    await waitUntil('kube-controller-manager /healthz', healthz(kcmPort), deadline, core, 250);
    await waitUntil('kube-scheduler /healthz', healthz(schedPort), deadline, core, 250);
    log('controllers healthy; waiting for nodes');
    const names = new Set(specs.map((s) => s.name));
    let lastCount = 0;
    const allNodesReady = async (): Promise<boolean> => {
      const r = await api('GET', '/api/v1/nodes');
      if (r.status !== 200) return false;
      const { items } = r.json<{ items: NodeStatusView[] }>();
      lastCount = items.filter(
        (n) =>
          names.has(n.metadata.name) &&
          (n.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True') &&
          // TaintNodesByCondition admission adds node.kubernetes.io/not-ready at create;
          // the node lifecycle controller lifts it once kwok reports Ready.
          !(n.spec?.taints ?? []).some((t) => t.key.startsWith('node.kubernetes.io/')),
      ).length;
      return lastCount === specs.length;
    };
    await waitUntil(`${specs.length} nodes Ready and schedulable`, allNodesReady, deadline, core, 300).catch((e: Error) => {
      throw new Error(`${e.message}\n(${lastCount}/${specs.length} nodes were Ready)`);
    });
    // Pods are refused until the service account controller made "default" in the namespace.
    await waitUntil('default ServiceAccount', async () => (await api('GET', '/api/v1/namespaces/default/serviceaccounts/default')).status === 200, deadline, core, 200);

    let prometheusUrl: string | undefined;
    if (prom) {
      prometheusUrl = `http://127.0.0.1:${promPort}`;
      await waitUntil('prometheus /-/ready', async () => (await httpRequest('GET', { url: `${prometheusUrl}/-/ready` }, undefined, 2000)).status === 200, deadline, [prom], 200);
    }
    log(`ready in ${((Date.now() - t0) / 1000).toFixed(1)}s: ${server}, kubeconfig ${kubeconfigPath}`);

    const kubectlCache = path.join(workDir, 'kubectl-cache');
    const plane: ControlPlane = {
      kubeconfigPath,
      limitedKubeconfigPath,
      server,
      caPem,
      caPath,
      adminToken: tokens.harness,
      limitedToken: tokens.limited,
      prometheusUrl,
      nodeNames: specs.map((s) => s.name),
      workDir,
      logDir,
      binDir,
      kubectl: (args, options = {}) =>
        run(bin('kubectl'), [`--kubeconfig=${options.as === 'limited' ? limitedKubeconfigPath : kubeconfigPath}`, `--cache-dir=${kubectlCache}`, ...args], {
          input: options.input,
          timeoutMs: options.timeoutMs ?? 60_000,
          env: { ...process.env, KUBECONFIG: '' },
        }),
      request: (method, apiPath, body, as = 'admin') => httpRequest(method, { url: server + apiPath, ca: caPem, token: as === 'limited' ? tokens.limited : tokens.harness }, body),
      stopKwok: async () => {
        if (kwok && !kwok.exited) await stopComponents([kwok]);
      },
      startKwok: async () => {
        if (kwok && !kwok.exited) return;
        // Each kwok process has a new holder identity and waits for the old one's node
        // leases to expire (up to 40 s); clearing them lets it take over at once.
        const cleared = await api('DELETE', '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases');
        if (cleared.status !== 200) throw new Error(`clearing node leases failed: ${cleared.status} ${cleared.body}`);
        kwok = startComponent(workDir, logDir, 'kwok', bin('kwok'), kwokArgs);
        components.push(kwok);
        const until = Date.now() + 90_000;
        await waitUntil('nodes Ready after kwok restart', allNodesReady, until, [kwok], 300);
        // Pods the node lifecycle controller marked NotReady while kwok was away stay so:
        // kwok skips pods it sees before it holds their node's lease. Touching them makes
        // kwok look again (stage pod-ready-again), now that the nodes are Ready.
        await waitUntil(
          'Running pods Ready after kwok restart',
          async () => {
            const r = await api('GET', '/api/v1/pods?fieldSelector=status.phase%3DRunning');
            const { items } = r.json<{ items: PodReadinessView[] }>();
            const stale = items.filter(
              (p) =>
                !p.metadata.deletionTimestamp &&
                names.has(p.spec.nodeName ?? '') &&
                !(p.status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'),
            );
            const stamp = String(Date.now());
            for (const p of stale) {
              await api('PATCH', `/api/v1/namespaces/${p.metadata.namespace}/pods/${p.metadata.name}`, {
                metadata: { annotations: { 'bulwark.dev/kwok-resync': stamp } },
              });
            }
            return stale.length === 0;
          },
          until,
          [kwok],
          2000,
        );
      },
      stop,
    };
    return plane;
  } catch (e) {
    let message = (e as Error).message;
    // Failures outside waitUntil (a refused node, openssl) carry no log tails yet.
    if (!message.includes('----- ')) message = describeFailure(message, components, 15);
    const keep = process.env.BULWARK_CLUSTER_KEEP === '1';
    if (keep) {
      await stopComponents(components);
      liveWorkDirs.delete(workDir);
      message += `\n(kept ${workDir} because BULWARK_CLUSTER_KEEP=1)`;
    } else {
      await stop().catch(() => undefined);
      message += '\n(set BULWARK_CLUSTER_KEEP=1 to keep the work folder and full logs)';
    }
    throw new Error(`test control plane failed to start after ${((Date.now() - t0) / 1000).toFixed(1)}s: ${message}`, { cause: e });
  }
}
