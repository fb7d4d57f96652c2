/**
 * A real control plane (etcd, kube-apiserver, scheduler, controller manager, kwok GPU nodes —
 * test/cluster/controlPlane.ts) for the end-to-end specs that drive the console against a live
 * cluster, plus the bad inputs an operator meets: a kubeconfig with a wrong token, one whose
 * server does not answer, a Prometheus that is down.
 *
 * `useLivePlane()` starts one plane in `beforeAll` for the file that calls it and stops it in
 * `afterAll`; serves are started per test (`startLiveServe`) and stopped in `finally`.
 * The binaries come from `bash test/cluster/build.sh` (the cache in ~/.cache/bulwark-cluster);
 * when they are missing the file's tests are skipped with that reason rather than failing.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test } from '@playwright/test';
import { clusterBinDir, startControlPlane } from '../cluster/controlPlane';
import type { ControlPlane, ControlPlaneOptions } from '../cluster/controlPlane';
import { startServe } from './serve';
import type { RunningServe } from './serve';

export type { ControlPlane };

/** The contexts the harness writes: the admin one is current, the viewer one is the second. */
export const ADMIN_CONTEXT = 'bulwark-admin@bulwark-test';
export const VIEWER_CONTEXT = 'bulwark-viewer@bulwark-test';

const BINARIES = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubectl', 'kwok'];

/** Why the live specs cannot run here, or undefined when the plane's binaries are built. */
export function missingClusterBinaries(): string | undefined {
  const dir = clusterBinDir();
  const missing = BINARIES.filter((b) => !fs.existsSync(path.join(dir, b)));
  return missing.length ? `control plane binaries missing in ${dir} (${missing.join(', ')}): run \`bash test/cluster/build.sh\`` : undefined;
}

/**
 * Starts one plane for the calling spec file (Playwright runs a file's tests in one worker, in
 * order; after a failure the new worker starts a new plane). The getter throws if the plane is
 * not running.
 */
export function useLivePlane(opts: ControlPlaneOptions): () => ControlPlane {
  let plane: ControlPlane | undefined;
  test.beforeAll(async () => {
    const missing = missingClusterBinaries();
    // CI builds the plane first (.ci/install-cluster.sh): there a missing binary is a failure.
    if (missing && process.env.CI) throw new Error(missing);
    test.skip(!!missing, missing);
    test.setTimeout(150_000);
    plane = await startControlPlane(opts);
  });
  test.afterAll(async () => {
    await plane?.stop();
    plane = undefined;
  });
  return () => {
    if (!plane) throw new Error('the control plane is not running (beforeAll failed or was skipped)');
    return plane;
  };
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Writes a changed copy of a kubeconfig into a fresh temp folder and returns its path; the
 * caller removes the folder (`path.dirname(file)`).
 */
export function kubeconfigCopy(source: string, edit: (yaml: string) => string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulwark-live-kubeconfig-'));
  const file = path.join(dir, 'config');
  const before = fs.readFileSync(source, 'utf8');
  const after = edit(before);
  if (after === before) throw new Error(`kubeconfigCopy: the edit changed nothing in ${source}`);
  fs.writeFileSync(file, after, { mode: 0o600 });
  return file;
}

/** The limited kubeconfig with its bearer token replaced by one the API server never issued. */
export function wrongTokenKubeconfig(plane: ControlPlane): string {
  return kubeconfigCopy(plane.limitedKubeconfigPath, (y) => y.replace(/^(\s*token:\s*).+$/m, '$1bulwark-e2e-not-a-valid-token'));
}

/**
 * The admin kubeconfig with its server moved to `https://127.0.0.1:<port>`: a closed port (the
 * server does not answer) or an `ApiRelay` in front of the real one.
 */
export function adminKubeconfigAt(plane: ControlPlane, port: number): string {
  return kubeconfigCopy(plane.kubeconfigPath, (y) => y.replace(/^(\s*server:\s*).+$/m, `$1https://127.0.0.1:${port}`));
}

/** A serve on a kubeconfig context; stop it in `finally`. */
export function startLiveServe(kubeconfig: string, context: string, extra: string[] = []): Promise<RunningServe> {
  return startServe(['--kubeconfig', kubeconfig, '--context', context, ...extra], { timeoutMs: 45_000 });
}

/**
 * A TCP relay on 127.0.0.1 in front of the plane's API server: the console talks to the real
 * server through it, and `cut()` makes the server unreachable mid-session (listener closed,
 * open connections reset) as a network failure would; `restore()` listens again on the same
 * port. TLS passes through untouched (the serving certificate names 127.0.0.1, any port).
 */
export interface ApiRelay {
  port: number;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startApiRelay(server: string): Promise<ApiRelay> {
  const target = new URL(server);
  const sockets = new Set<net.Socket>();
  let listener: net.Server | undefined;
  let port = 0;
  const listen = async () => {
    const s = net.createServer((client) => {
      const upstream = net.connect(Number(target.port), target.hostname);
      for (const sock of [client, upstream]) {
        sockets.add(sock);
        sock.on('close', () => sockets.delete(sock));
        sock.on('error', () => { client.destroy(); upstream.destroy(); });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => resolve());
    });
    port = (s.address() as net.AddressInfo).port;
    listener = s;
  };
  const cut = async () => {
    const s = listener;
    listener = undefined;
    for (const sock of sockets) sock.resetAndDestroy();
    sockets.clear();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  await listen();
  return {
    get port() { return port; },
    cut,
    restore: async () => { if (!listener) await listen(); },
    close: cut,
  };
}
