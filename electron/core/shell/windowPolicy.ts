/**
 * Every security decision of the Electron shell, as pure functions a plain-Node test imports
 * (electron/main.ts only wires them). Follows Electron's security checklist:
 * https://www.electronjs.org/docs/latest/tutorial/security
 */
import path from 'node:path';
import { contentSecurityPolicy, securityHeaders } from '../serve/securityHeaders';

/** The renderer is served from a privileged custom scheme, not file:// (checklist item 18). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'bulwark';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export function mainWindowOptions(preloadPath: string) {
  return {
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Bulwark',
    backgroundColor: '#0f1419',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  } as const;
}

/** Only our own origin may be shown in the window; everything else is refused. */
export function isAllowedNavigation(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Hosts the explainers link to; opened in the system browser, never inside the app. */
export const EXTERNAL_HOSTS = ['kubernetes.io', 'docs.nvidia.com', 'developer.nvidia.com', 'github.com', 'www.kubeflow.org', 'pytorch.org', 'prometheus.io', 'arxiv.org', 'kueue.sigs.k8s.io', 'volcano.sh', 'www.electronjs.org'];

export function isAllowedExternalUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && u.username === '' && u.password === '' && EXTERNAL_HOSTS.includes(u.hostname);
  } catch {
    return false;
  }
}

/** IPC is answered only for the top frame of our own page (checklist item 17). */
export function isTrustedSender(frame: { url: string; parent: unknown } | null | undefined): boolean {
  if (!frame || frame.parent) return false;
  return isAllowedNavigation(frame.url);
}

/** Maps an app:// request to a file under the renderer folder, or null (outside, or not ours). */
export function resolveAppRequest(url: string, rendererDir: string): { file: string; headers: Record<string, string> } | null {
  let u: URL;
  try { u = new URL(url); } catch { return null; }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null;
  const rel = u.pathname === '/' ? 'index.html' : decodeURIComponent(u.pathname).replace(/^\/+/, '');
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, rel);
  if (!file.startsWith(root + path.sep)) return null;
  // IPC carries all data in Electron: the page needs no network at all.
  return { file, headers: { ...securityHeaders({ connectSelf: false }), 'Content-Security-Policy': contentSecurityPolicy({ connectSelf: false }) } };
}
