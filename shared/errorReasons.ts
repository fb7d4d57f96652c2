/**
 * Reason codes of the errors backend methods throw (`error.*`): what reaches the renderer as a
 * failed call rather than as a returned sentence — a request the contract refuses, an object
 * that is gone, a drill that cannot start. They travel on the RPC error envelope
 * (`RpcError.reason`, shared/contract.ts) beside the English message, thrown as a `CodedError`
 * (shared/codedError.ts). They join REASON_SPECS (shared/reasons.ts) like the action and source
 * codes; texts in `renderer/i18n/locales/<lang>/reasons.json` under `code.error.*`.
 *
 * What zod or the file system wrote (the list of invalid fields, a JSON parse error) stays as
 * written, as a `text` parameter: it names fields and paths, which read the same in any language.
 */
import type { ReasonSpec } from './reasons';

export const ERROR_REASON_SPECS = {
  // The contract's boundary (shared/contract.ts parseRequest, the action engine's request check).
  'error.unknownMethod': { params: { method: 'text' } },
  'error.invalidParams': { params: { method: 'text', issues: 'text' } },
  'error.invalidActionRequest': { params: { issues: 'text' } },

  // Detail requests for an object the model no longer has (consoleBackend.ts).
  'error.nodeNotFound': { params: { name: 'text' } },
  'error.gpuNotFound': { params: { id: 'text' } },
  'error.workloadNotFound': { params: { key: 'text' } },

  'error.clockDemoOnly': { params: {} },
  'error.settingsUnreadable': { params: { file: 'text', error: 'text' } },

  // Drills (drillEngine.ts).
  'error.drill.unknownScenario': { params: { id: 'text', known: 'text' } },
  'error.drill.starting': { params: {} },
  'error.drill.stillRunning': { params: { id: 'text' } },
  'error.drill.liveOff': { params: {} },
  'error.drill.needsSimulator': { params: { id: 'text' } },
  'error.drill.wrongPreset': { params: { id: 'text', preset: 'text', current: 'text' } },
  'error.drill.noneRunning': { params: {} },
  'error.drill.faultsNeedDemo': { params: {} },
} as const satisfies Readonly<Record<string, ReasonSpec>>;
