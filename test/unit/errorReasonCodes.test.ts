/**
 * The errors backend methods throw carry a reason code that says the same thing as their English
 * message, so the renderer can show a refused drill or a vanished node in the user's language:
 * each error is raised for real (backend, drill engine, action engine, settings file), its code
 * renders back to the exact English message, and its Chinese text says it with the same values.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import i18next from 'i18next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodedError } from '../../shared/codedError';
import { ContractError } from '../../shared/contract';
import { ERROR_REASON_SPECS } from '../../shared/errorReasons';
import type { ReasonView } from '../../shared/views';
import { ConsoleBackend } from '../../electron/core/backend/consoleBackend';
import { SettingsStore } from '../../electron/core/backend/settingsStore';
import { DrillEngine } from '../../electron/core/drills/drillEngine';
import { createHeadlessHarness, type HeadlessHarness } from '../../electron/core/drills/headlessDrill';
import type { ClusterSource } from '../../electron/core/sources/clusterSource';
import { formatReason, type ReasonFormatContext } from '../../renderer/i18n/reasonFormat';
import { expectCodeSays } from './reasonEnglish';

const zhReasons = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../renderer/i18n/locales/zh-CN/reasons.json'), 'utf8')) as Record<string, unknown>;
const i18n = i18next.createInstance();
void i18n.init({ resources: { 'zh-CN': { reasons: zhReasons } }, lng: 'zh-CN', ns: ['reasons'], defaultNS: 'reasons', interpolation: { escapeValue: false }, initAsync: false });
const zh: ReasonFormatContext = { locale: 'zh-CN', translate: (key, vars) => (i18n.exists(key) ? i18n.t(key, vars) : undefined) };

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bulwark-error-codes-'));
let backend: ConsoleBackend;
let region: HeadlessHarness;
const seen = new Set<string>();

beforeAll(async () => {
  backend = new ConsoleBackend({ dataDir: path.join(tmp, 'backend'), initialSource: { kind: 'demo', preset: 'lab' }, realtime: false });
  await backend.start();
  region = await createHeadlessHarness('region', { dataDir: path.join(tmp, 'region') });
});
afterAll(async () => {
  await backend?.stop();
  await region?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function thrown(run: () => unknown): Promise<CodedError> {
  try {
    await run();
  } catch (err) {
    expect(err).toBeInstanceOf(CodedError);
    return err as CodedError;
  }
  throw new Error('expected an error');
}

/** The code says the English message exactly, and the Chinese text carries every text value. */
function expectCoded(err: CodedError, code: string, english: string | RegExp): void {
  if (typeof english === 'string') expect(err.message).toBe(english);
  else expect(err.message).toMatch(english);
  expect(err.reason?.code).toBe(code);
  expectCodeSays(code, err.message, err.reason);
  const chinese = formatReason(err.reason, zh);
  expect(chinese, `${code} in zh-CN`).toBeDefined();
  expect(chinese).toMatch(/[\u4e00-\u9fff]/);
  for (const v of Object.values((err.reason as ReasonView).params ?? {})) expect(chinese).toContain(String(v));
  seen.add(code);
}

describe('errors a backend call throws, in the user\'s language', () => {
  it('a detail request for a node, GPU or workload that is gone', async () => {
    expectCoded(await thrown(() => backend.handle('getNodeDetail', { name: 'no-such-node' })), 'error.nodeNotFound', 'Node no-such-node not found (it may have been deleted).');
    expectCoded(await thrown(() => backend.handle('getGpuDetail', { id: 'no-such-node/3' })), 'error.gpuNotFound', 'GPU no-such-node/3 not found (it may have been deleted).');
    expectCoded(
      await thrown(() => backend.handle('getWorkloadDetail', { key: 'PyTorchJob/research/gone' })),
      'error.workloadNotFound', 'Workload PyTorchJob/research/gone not found (it may have been deleted).',
    );
  });

  it('a request the contract refuses keeps zod\'s list of fields as written', async () => {
    expectCoded(await thrown(() => backend.handle('rm -rf', {})), 'error.unknownMethod', 'Unknown method: rm -rf');
    const invalid = await thrown(() => backend.handle('getNodeDetail', { name: '<script>' }));
    expect(invalid).toBeInstanceOf(ContractError);
    expectCoded(invalid, 'error.invalidParams', /^Invalid params for getNodeDetail: name: /);
  });

  it('an action request the action engine refuses', async () => {
    const err = await thrown(() => region.actions.preview({ kind: 'cordon', node: '' } as never));
    expectCoded(err, 'error.invalidActionRequest', /^Invalid action request: node: /);
  });

  it('a drill that cannot start, and a hint with no drill running', async () => {
    const known = backend.drills.list().map((s) => s.id).join(', ');
    expectCoded(await thrown(() => backend.handle('startDrill', { id: 'no-such-drill' })), 'error.drill.unknownScenario', `Unknown drill scenario "no-such-drill". Known: ${known}.`);
    expectCoded(
      await thrown(() => backend.handle('startDrill', { id: 'gpu-off-the-bus' })),
      'error.drill.wrongPreset', 'The "gpu-off-the-bus" drill is written for the "region" demo preset; switch the demo to it first (now "lab").',
    );
    expectCoded(await thrown(() => backend.handle('drillHint', {})), 'error.drill.noneRunning', 'No drill is running.');

    const first = region.engine.start('gpu-off-the-bus');
    expectCoded(await thrown(() => region.engine.start('stray-taint')), 'error.drill.starting', 'A drill is already starting.');
    await first;
    expectCoded(await thrown(() => region.engine.start('stray-taint')), 'error.drill.stillRunning', 'Drill "gpu-off-the-bus" is still running; abort it first.');
    await region.engine.abort();
  });

  it('a drill on a live cluster: off unless opted in, and only the reversible ones', async () => {
    const kube = { info: { kind: 'kube', name: 'prod' }, ops: {}, now: () => Date.now(), start: async () => {}, stop: async () => {} } as unknown as ClusterSource;
    const off = new DrillEngine({ dataDir: path.join(tmp, 'live-off'), source: () => kube, model: () => region.model, onChange: () => {} });
    expectCoded(await thrown(() => off.start('gpu-off-the-bus')), 'error.drill.liveOff', /^Drills inject failures, so they run on the demo cluster\./);
    const on = new DrillEngine({ dataDir: path.join(tmp, 'live-on'), source: () => kube, model: () => region.model, onChange: () => {}, allowLive: true });
    expectCoded(
      await thrown(() => on.start('zone-outage')),
      'error.drill.needsSimulator', 'The "zone-outage" drill needs the simulator\'s fault injection; on a live cluster only reversible drills (cordon, taint, delete a pod) run.',
    );
  });

  it('the demo clock on a live cluster', async () => {
    const live = new ConsoleBackend({
      dataDir: path.join(tmp, 'live'), initialSource: { kind: 'kube', context: 'nowhere' }, kubeconfig: path.join(tmp, 'no-kubeconfig'), realtime: false,
    });
    await live.start().catch(() => undefined);
    try {
      expectCoded(await thrown(() => live.handle('setClock', { speed: 10 })), 'error.clockDemoOnly', 'The clock can only be changed in demo mode.');
    } finally {
      await live.stop();
    }
  });

  it('a settings file that cannot be read', () => {
    const file = path.join(tmp, 'settings.json');
    fs.writeFileSync(file, '{ not json');
    const s = new SettingsStore(file, 'ana').get();
    expectCoded(Object.assign(new CodedError(s.loadError!, s.loadErrorCode)), 'error.settingsUnreadable', new RegExp(`^Settings file ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is unreadable \\(.+\\); using defaults\\.$`));
  });

  it('every error code but the simulator-only one was raised above', () => {
    // error.drill.faultsNeedDemo guards a fault step on a source that stopped being the demo mid-drill.
    const untested = Object.keys(ERROR_REASON_SPECS).filter((c) => !seen.has(c));
    expect(untested).toEqual(['error.drill.faultsNeedDemo']);
  });
});
