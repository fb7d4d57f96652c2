/**
 * The Electron wiring, proven with a fake `electron` module (the real binary cannot run on
 * build machines): window options, navigation and window.open denial, IPC sender checks,
 * single-instance lock, and the preload's exposed surface.
 */
import { EventEmitter } from 'node:events';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { API_METHOD_NAMES } from '../../shared/apiSurface';
import { isAllowedExternalUrl, isAllowedNavigation, isTrustedSender, resolveAppRequest } from '../../electron/core/shell/windowPolicy';

const fake = vi.hoisted(() => {
  // vi.hoisted runs before ES imports are bound, so the emitter class is required here.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { EventEmitter: EE } = require('node:events') as typeof import('node:events');
  const state = {
    windows: [] as { options: Record<string, unknown>; loaded?: string }[],
    handlers: new Map<string, (event: unknown, params: unknown) => unknown>(),
    exposed: new Map<string, Record<string, unknown>>(),
    invoked: [] as { channel: string; params: unknown }[],
    rendererListeners: new Map<string, ((...a: unknown[]) => void)[]>(),
    opened: [] as string[],
    permissionHandler: undefined as undefined | ((wc: unknown, p: string, cb: (ok: boolean) => void) => void),
    schemes: [] as unknown[],
    lockTaken: true,
    handled: [] as { method: string; params: unknown }[],
  };
  const app = Object.assign(new EE(), {
    requestSingleInstanceLock: () => state.lockTaken,
    quit: vi.fn(),
    whenReady: () => Promise.resolve(),
    getPath: () => '/tmp/bulwark-electron-test',
  });
  class BrowserWindow extends EE {
    webContents = { send: vi.fn() };
    constructor(readonly options: Record<string, unknown>) { super(); state.windows.push(this as never); }
    loadURL(url: string) { (this as unknown as { loaded: string }).loaded = url; return Promise.resolve(); }
    isDestroyed() { return false; } isMinimized() { return false; } restore() {} focus() {} show() {}
  }
  return {
    state,
    module: {
      app,
      BrowserWindow,
      ipcMain: { handle: (ch: string, fn: (e: unknown, p: unknown) => unknown) => state.handlers.set(ch, fn) },
      protocol: { registerSchemesAsPrivileged: (s: unknown[]) => state.schemes.push(...s), handle: vi.fn() },
      session: { defaultSession: { setPermissionRequestHandler: (fn: typeof state.permissionHandler) => { state.permissionHandler = fn; } } },
      shell: { openExternal: async (url: string) => { state.opened.push(url); } },
      net: { fetch: vi.fn() },
      contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => state.exposed.set(key, api) },
      ipcRenderer: {
        invoke: async (channel: string, params: unknown) => { state.invoked.push({ channel, params }); return 'ok'; },
        on: (ch: string, fn: (...a: unknown[]) => void) => { state.rendererListeners.set(ch, [...(state.rendererListeners.get(ch) ?? []), fn]); },
        removeListener: (ch: string, fn: (...a: unknown[]) => void) => { state.rendererListeners.set(ch, (state.rendererListeners.get(ch) ?? []).filter((f) => f !== fn)); },
      },
    },
  };
});

vi.mock('electron', () => ({ ...fake.module, default: fake.module }));
vi.mock('../../electron/core/backend/consoleBackend', async () => {
  const { ContractError } = await import('../../shared/contract');
  const { reasonOf } = await import('../../shared/reasons');
  return {
    ConsoleBackend: class {
      async start() {}
      async stop() {}
      on() { return () => {}; }
      async handle(method: string, params: unknown) {
        fake.state.handled.push({ method, params });
        const name = (params as { name?: string }).name;
        if (method === 'getNodeDetail' && name === 'no-such-node') {
          throw new ContractError(`Node ${name} not found (it may have been deleted).`, 'failed', reasonOf('error.nodeNotFound', { name }));
        }
        return { method };
      }
    },
  };
});

const trustedFrame = { url: 'app://bulwark/index.html', parent: null };

describe('the Electron main process', () => {
  beforeAll(async () => {
    await import('../../electron/main');
    await new Promise((r) => setTimeout(r, 20));
  });

  it('opens one window with the secure web preferences and the app:// entry', () => {
    expect(fake.state.windows).toHaveLength(1);
    const { options, loaded } = fake.state.windows[0] as { options: { webPreferences: Record<string, unknown> }; loaded: string };
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, webSecurity: true, webviewTag: false, allowRunningInsecureContent: false,
    });
    expect(String(options.webPreferences.preload)).toMatch(/preload\.cjs$/);
    expect(loaded).toBe('app://bulwark/index.html');
  });

  it('registers exactly one IPC handler per contract method and nothing else', () => {
    expect([...fake.state.handlers.keys()].sort()).toEqual(API_METHOD_NAMES.map((m) => `bulwark:${m}`).sort());
  });

  it('answers IPC from the app page and refuses other senders', async () => {
    const handler = fake.state.handlers.get('bulwark:getStatus')!;
    await expect(handler({ senderFrame: trustedFrame }, {})).resolves.toEqual({ ok: true, result: { method: 'getStatus' } });
    for (const senderFrame of [
      { url: 'https://evil.example/', parent: null },
      { url: 'app://bulwark/index.html', parent: {} }, // a sub-frame
      { url: 'file:///etc/passwd', parent: null },
      null,
    ]) {
      await expect(handler({ senderFrame }, {})).resolves.toMatchObject({ ok: false, error: { message: expect.stringMatching(/untrusted sender/) } });
    }
  });

  it('answers a backend error with its reason code, which the renderer\'s IPC transport turns into BackendCallError.reason', async () => {
    const handler = fake.state.handlers.get('bulwark:getNodeDetail')!;
    const reply = await handler({ senderFrame: trustedFrame }, { name: 'no-such-node' });
    expect(reply).toEqual({
      ok: false,
      error: { message: 'Node no-such-node not found (it may have been deleted).', code: 'failed', reason: { code: 'error.nodeNotFound', params: { name: 'no-such-node' } } },
    });
    // ipcRenderer.invoke hands the renderer a structured clone of the handler's value.
    const { apiOverIpc } = await import('../../renderer/api/ipcTransport');
    const { BackendCallError } = await import('../../renderer/api/backendError');
    const bridge = Object.fromEntries(API_METHOD_NAMES.map((m) => [m, async (p: unknown) => structuredClone(await fake.state.handlers.get(`bulwark:${m}`)!({ senderFrame: trustedFrame }, p))]));
    const api = apiOverIpc({ ...bridge, on: () => () => undefined } as never);
    const err = await api.getNodeDetail({ name: 'no-such-node' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendCallError);
    expect(err).toMatchObject({ message: 'Node no-such-node not found (it may have been deleted).', method: 'getNodeDetail', reason: { code: 'error.nodeNotFound', params: { name: 'no-such-node' } } });
    await expect(api.getNodeDetail({ name: 'gpu-a-0001' })).resolves.toEqual({ method: 'getNodeDetail' });
  });

  it('opens only allow-listed https links externally, through shell.openExternal', async () => {
    const handler = fake.state.handlers.get('bulwark:openExternal')!;
    await expect(handler({ senderFrame: trustedFrame }, { url: 'https://kubernetes.io/docs/concepts/' })).resolves.toEqual({ ok: true, result: { ok: true } });
    await expect(handler({ senderFrame: trustedFrame }, { url: 'https://evil.example/' })).resolves.toEqual({ ok: true, result: { ok: false } });
    await expect(handler({ senderFrame: trustedFrame }, { url: 'file:///etc/passwd' })).resolves.toEqual({ ok: true, result: { ok: false } });
    expect(fake.state.opened).toEqual(['https://kubernetes.io/docs/concepts/']);
  });

  it('denies navigation away from the app and every window.open', () => {
    const contents = Object.assign(new EventEmitter(), { setWindowOpenHandler: vi.fn() });
    fake.module.app.emit('web-contents-created', {}, contents);
    const nav = { preventDefault: vi.fn() };
    contents.emit('will-navigate', nav, 'https://evil.example/');
    expect(nav.preventDefault).toHaveBeenCalled();
    const ok = { preventDefault: vi.fn() };
    contents.emit('will-navigate', ok, 'app://bulwark/index.html#/nodes');
    expect(ok.preventDefault).not.toHaveBeenCalled();
    const openHandler = contents.setWindowOpenHandler.mock.calls[0][0] as (d: { url: string }) => { action: string };
    expect(openHandler({ url: 'https://kubernetes.io/' })).toEqual({ action: 'deny' });
    expect(openHandler({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('refuses every permission request and takes the single-instance lock', () => {
    let granted: boolean | undefined;
    fake.state.permissionHandler?.({}, 'media', (ok) => { granted = ok; });
    expect(granted).toBe(false);
    expect(fake.state.schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  });
});

describe('the preload bridge', () => {
  beforeAll(async () => { await import('../../electron/preload'); });

  it('exposes exactly one function per contract method plus `on`, and no ipcRenderer', () => {
    const api = fake.state.exposed.get('bulwark')!;
    expect(Object.keys(api).sort()).toEqual([...API_METHOD_NAMES, 'on'].sort());
    expect(Object.values(api).every((v) => typeof v === 'function')).toBe(true);
    expect(fake.state.exposed.size).toBe(1);
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('invokes the method channel and strips the IPC event from pushed events', async () => {
    const api = fake.state.exposed.get('bulwark') as Record<string, (...a: unknown[]) => unknown>;
    await api.getNodeDetail({ name: 'gpu-a-0001' });
    expect(fake.state.invoked.at(-1)).toEqual({ channel: 'bulwark:getNodeDetail', params: { name: 'gpu-a-0001' } });
    const seen: unknown[] = [];
    const off = api.on('delta', (p: unknown) => seen.push(p)) as () => void;
    const [listener] = fake.state.rendererListeners.get('bulwark:event')!;
    listener({ sender: 'ipc-event-object' }, { event: 'delta', payload: { seq: 1 } });
    listener({ sender: 'ipc-event-object' }, { event: 'status', payload: { state: 'live' } });
    expect(seen).toEqual([{ seq: 1 }]);
    off();
    expect(fake.state.rendererListeners.get('bulwark:event')).toHaveLength(0);
    expect(() => api.on('not-an-event', () => {})).toThrow(/Unknown event/);
  });
});

describe('window policy', () => {
  it.each([
    ['app://bulwark/index.html', true],
    ['app://bulwark/assets/x.js', true],
    ['app://other/index.html', false],
    ['https://bulwark/index.html', false],
    ['file:///index.html', false],
    ['not a url', false],
  ])('navigation to %s allowed: %s', (url, allowed) => expect(isAllowedNavigation(url)).toBe(allowed));

  it.each([
    ['https://kubernetes.io/docs/', true],
    ['https://docs.nvidia.com/deploy/xid-errors/', true],
    ['http://kubernetes.io/', false],
    ['https://user:pw@kubernetes.io/', false],
    ['https://kubernetes.io.evil.example/', false],
    ['javascript:alert(1)', false],
  ])('external link %s allowed: %s', (url, allowed) => expect(isAllowedExternalUrl(url)).toBe(allowed));

  it('trusts only the top frame of the app page', () => {
    expect(isTrustedSender(trustedFrame)).toBe(true);
    expect(isTrustedSender({ url: 'app://bulwark/index.html', parent: {} })).toBe(false);
  });

  it('serves app:// files only from the renderer folder, with a strict CSP', () => {
    const ok = resolveAppRequest('app://bulwark/assets/index.js', '/opt/bulwark/renderer');
    expect(ok?.file).toBe('/opt/bulwark/renderer/assets/index.js');
    expect(ok?.headers['Content-Security-Policy']).toContain("script-src 'self'");
    expect(ok?.headers['Content-Security-Policy']).toContain("connect-src 'none'");
    expect(resolveAppRequest('app://bulwark/..%2F..%2Fetc%2Fpasswd', '/opt/bulwark/renderer')).toBeNull();
    expect(resolveAppRequest('app://evil/index.html', '/opt/bulwark/renderer')).toBeNull();
  });
});
