/**
 * The one API between renderer and backend. Both transports (Electron IPC and WebSocket)
 * carry exactly these methods and events. Requests come from the renderer, the less trusted
 * side, so every request's params are validated with zod at the backend boundary; results and
 * events come from our own backend and are typed, with their envelope checked by the client.
 */
import { z } from 'zod';
import { actionRequestSchema, gpuId, k8sName, workloadKey } from './actions';
import type { ActionPreview, ActionProgress, ActionResult, AuditEntry } from './actions';
import { CodedError } from './codedError';
import type { DrillScenarioSummary, DrillState } from './drills';
import { reasonOf } from './reasons';
import type { ConnectionStatus, GpuDetail, ModelDelta, ModelSnapshot, NodeDetail, ReasonView, WorkloadDetail } from './views';

export const DEMO_PRESETS = ['lab', 'region', 'large'] as const;
export type DemoPreset = (typeof DEMO_PRESETS)[number];

export const sourceRequestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('demo'), preset: z.enum(DEMO_PRESETS), seed: z.number().int().min(0).max(2 ** 31).optional() }),
  z.object({ kind: z.literal('kube'), context: z.string().min(1).max(253), kubeconfig: z.string().max(4096).optional() }),
]);
export type SourceRequest = z.infer<typeof sourceRequestSchema>;

export interface KubeContextInfo { name: string; cluster: string; user: string; namespace?: string; production: boolean }
export interface SourceList {
  demoPresets: { id: DemoPreset; nodes: number; gpus: number }[];
  kubeContexts: KubeContextInfo[];
  /** Why contexts could not be read (broken kubeconfig…), shown in the picker: sentences joined by a space. */
  kubeconfigError?: string;
  /** The same sentences as reason codes, one per sentence (shared/sourceReasons.ts), for the user's language. */
  kubeconfigErrorCodes?: ReasonView[];
  current: SourceRequest;
}

export interface Settings {
  readOnly: boolean;
  productionContexts: string[];
  /** Contexts the operator opted in to drills on (reversible faults only); never a read-only one. */
  liveDrillContexts: string[];
  user: string;
  /** The settings file could not be read (defaults apply; the next save moves it aside). */
  loadError?: string;
  loadErrorCode?: ReasonView;
}

const empty = z.object({}).strict();

const contextNames = z.array(z.string().min(1).max(253)).max(500);
const settingsPatchSchema = z.object({
  readOnly: z.boolean().optional(),
  productionContexts: contextNames.optional(),
  liveDrillContexts: contextNames.optional(),
}).strict();

/** Each method: the zod schema of its params, and its result type (phantom, for TypeScript). */
function method<P extends z.ZodType, R>(params: P) {
  return { params, result: undefined as unknown as R };
}

export const methods = {
  getStatus: method<typeof empty, ConnectionStatus>(empty),
  listSources: method<typeof empty, SourceList>(empty),
  connect: method<typeof sourceRequestSchema, ConnectionStatus>(sourceRequestSchema),
  /** Full snapshot; afterwards the backend pushes `delta` events with seq + 1, + 2, … */
  subscribe: method<typeof empty, ModelSnapshot>(empty),
  getNodeDetail: method<z.ZodObject<{ name: typeof k8sName }>, NodeDetail>(z.object({ name: k8sName }).strict()),
  getGpuDetail: method<z.ZodObject<{ id: typeof gpuId }>, GpuDetail>(z.object({ id: gpuId }).strict()),
  getWorkloadDetail: method<z.ZodObject<{ key: typeof workloadKey }>, WorkloadDetail>(z.object({ key: workloadKey }).strict()),
  setClock: method<z.ZodObject<{ speed: z.ZodOptional<z.ZodNumber>; paused: z.ZodOptional<z.ZodBoolean> }>, ConnectionStatus>(
    z.object({ speed: z.number().min(1).max(1000).optional(), paused: z.boolean().optional() }).strict(),
  ),
  previewAction: method<typeof actionRequestSchema, ActionPreview>(actionRequestSchema),
  runAction: method<z.ZodObject<{ request: typeof actionRequestSchema; confirmation: z.ZodOptional<z.ZodString> }>, ActionResult>(
    z.object({ request: actionRequestSchema, confirmation: z.string().max(300).optional() }).strict(),
  ),
  listAudit: method<z.ZodObject<{ limit: z.ZodOptional<z.ZodNumber> }>, AuditEntry[]>(z.object({ limit: z.number().int().min(1).max(100000).optional() }).strict()),
  exportAudit: method<typeof empty, { jsonl: string }>(empty),
  getSettings: method<typeof empty, Settings>(empty),
  setSettings: method<typeof settingsPatchSchema, Settings>(settingsPatchSchema),
  listDrills: method<typeof empty, DrillScenarioSummary[]>(empty),
  startDrill: method<z.ZodObject<{ id: z.ZodString }>, DrillState>(z.object({ id: z.string().min(1).max(100) }).strict()),
  drillHint: method<typeof empty, DrillState>(empty),
  abortDrill: method<typeof empty, DrillState | null>(empty),
  getDrillState: method<typeof empty, DrillState | null>(empty),
  /** The operator confirms a drill step done outside Kubernetes (e.g. freed checkpoint storage). */
  confirmDrillStep: method<z.ZodObject<{ stepId: z.ZodString }>, DrillState | null>(z.object({ stepId: z.string().min(1).max(100) }).strict()),
  /** The renderer reports what the operator opened; drills use it for "detected". */
  noteViewed: method<z.ZodObject<{ kind: z.ZodEnum<{ node: 'node'; gpu: 'gpu'; workload: 'workload' }>; id: z.ZodString }>, { ok: true }>(
    z.object({ kind: z.enum(['node', 'gpu', 'workload']), id: z.string().min(1).max(600) }).strict(),
  ),
  /** Opens an https URL in the system browser (Electron) — only allow-listed hosts. */
  openExternal: method<z.ZodObject<{ url: z.ZodString }>, { ok: boolean }>(z.object({ url: z.string().url().max(2048) }).strict()),
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type Params<M extends MethodName> = z.input<Methods[M]['params']>;
export type ParsedParams<M extends MethodName> = z.output<Methods[M]['params']>;
export type Result<M extends MethodName> = Methods[M]['result'];
export const METHOD_NAMES = Object.keys(methods) as MethodName[];

export interface Events {
  delta: ModelDelta;
  status: ConnectionStatus;
  actionProgress: ActionProgress;
  drill: DrillState | null;
}
export type EventName = keyof Events;
export const EVENT_NAMES: readonly EventName[] = ['delta', 'status', 'actionProgress', 'drill'];

/** The backend as the renderer sees it, whatever the transport. */
export type ConsoleApi = { [M in MethodName]: (params: Params<M>) => Promise<Result<M>> } & {
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
};

/**
 * A failed call as both transports report it. `reason` is the error's reason code
 * (shared/errorReasons.ts) when the backend threw a CodedError: the renderer shows it in the
 * user's language, `message` otherwise.
 */
export class ContractError extends CodedError {
  constructor(message: string, readonly code: 'unknown-method' | 'invalid-params' | 'failed' = 'failed', reason?: ReasonView) {
    super(message, reason);
    this.name = 'ContractError';
  }
}

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(methods, name);
}

export function parseRequest<M extends MethodName>(name: unknown, params: unknown): { method: M; params: ParsedParams<M> } {
  if (!isMethodName(name)) {
    const method = String(name).slice(0, 80);
    throw new ContractError(`Unknown method: ${method}`, 'unknown-method', reasonOf('error.unknownMethod', { method }));
  }
  const parsed = methods[name].params.safeParse(params ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(params)'}: ${i.message}`).join('; ');
    throw new ContractError(`Invalid params for ${name}: ${issues}`, 'invalid-params', reasonOf('error.invalidParams', { method: name, issues }));
  }
  return { method: name as M, params: parsed.data as ParsedParams<M> };
}

/** Wire format shared by both transports. */
export interface RpcRequest { id: number; method: string; params: unknown }
export interface RpcError { message: string; code: string; reason?: ReasonView }
/**
 * The answer to one call. The WebSocket adds the request's id; Electron IPC returns it as the
 * handler's value, because ipcRenderer.invoke keeps only the message of an Error thrown in main.
 */
export type RpcReply = { ok: true; result: unknown } | { ok: false; error: RpcError };
export type RpcResponse = RpcReply & { id: number };

/** What a failed call puts on the wire, whichever transport carries it. */
export function rpcErrorOf(err: unknown): RpcError {
  const message = err instanceof Error ? err.message : String(err);
  const code = err instanceof ContractError ? err.code : 'failed';
  const reason = err instanceof CodedError ? err.reason : undefined;
  return reason ? { message, code, reason } : { message, code };
}

/** Runs one call and answers with its reply; never throws (the IPC handlers' envelope). */
export async function replyOf(run: () => Promise<unknown> | unknown): Promise<RpcReply> {
  try {
    return { ok: true, result: await run() };
  } catch (err) {
    return { ok: false, error: rpcErrorOf(err) };
  }
}
export interface RpcEvent { event: EventName; payload: unknown }

// The zod-free name lists used by the preload must match the contract exactly.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const methodNamesMatch: Same<(typeof import('./apiSurface').API_METHOD_NAMES)[number], MethodName> = true;
const eventNamesMatch: Same<(typeof import('./apiSurface').API_EVENT_NAMES)[number], EventName> = true;
void methodNamesMatch;
void eventNamesMatch;
