/**
 * The Electron shell: wiring only. Every decision lives in electron/core/shell/windowPolicy.ts.
 */
import { app, BrowserWindow, ipcMain, net, protocol, session, shell } from 'electron';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { API_METHOD_NAMES, IPC_EVENT_CHANNEL, IPC_PREFIX } from '../shared/apiSurface';
import { ContractError, replyOf } from '../shared/contract';
import { ConsoleBackend } from './core/backend/consoleBackend';
import { parseServeArgs } from './core/serve/serveCli';
import {
  APP_ENTRY_URL, APP_SCHEME, isAllowedExternalUrl, isAllowedNavigation, isTrustedSender, mainWindowOptions, resolveAppRequest,
} from './core/shell/windowPolicy';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.join(here, '..', 'renderer');
let mainWindow: BrowserWindow | null = null;
let backend: ConsoleBackend | null = null;

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });

  // Deny navigation and new windows everywhere, for every webContents ever created.
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => { if (!isAllowedNavigation(url)) event.preventDefault(); });
    contents.on('will-redirect', (event, url) => { if (!isAllowedNavigation(url)) event.preventDefault(); });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isAllowedExternalUrl(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });

  void app.whenReady().then(start);
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => { void backend?.stop(); });
}

async function start(): Promise<void> {
  // Bulwark never needs camera, notifications, geolocation…: refuse every permission request.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  protocol.handle(APP_SCHEME, async (request) => {
    const resolved = resolveAppRequest(request.url, rendererDir);
    if (!resolved) return new Response('Not found', { status: 404 });
    const res = await net.fetch(pathToFileURL(resolved.file).toString());
    const headers = new Headers(res.headers);
    for (const [k, v] of Object.entries(resolved.headers)) headers.set(k, v);
    return new Response(res.body, { status: res.status, headers });
  });

  const config = parseServeArgs([]);
  backend = new ConsoleBackend({ dataDir: app.getPath('userData'), initialSource: config.source, kubeconfig: config.kubeconfig });
  await backend.start();

  for (const method of API_METHOD_NAMES) {
    // Answers with an RpcReply rather than throwing: invoke() would keep only an Error's message,
    // and the renderer needs the error's reason code to show it in the user's language.
    ipcMain.handle(IPC_PREFIX + method, (event, params: unknown) => replyOf(async () => {
      if (!isTrustedSender(event.senderFrame)) throw new ContractError('IPC refused: untrusted sender');
      if (method === 'openExternal') {
        const url = (params as { url?: unknown } | undefined)?.url;
        if (typeof url !== 'string' || !isAllowedExternalUrl(url)) return { ok: false };
        await shell.openExternal(url);
        return { ok: true };
      }
      return backend!.handle(method, params);
    }));
  }

  mainWindow = new BrowserWindow(mainWindowOptions(path.join(here, 'preload.cjs')));
  const win = mainWindow;
  const off = backend.on((event, payload) => {
    if (!win.isDestroyed()) win.webContents.send(IPC_EVENT_CHANNEL, { event, payload });
  });
  win.on('closed', () => { off(); mainWindow = null; });
  win.once('ready-to-show', () => win.show());
  await win.loadURL(APP_ENTRY_URL);
}
