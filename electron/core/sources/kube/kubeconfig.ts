/**
 * Reading kubeconfig files the way kubectl does, with messages an operator can act on.
 *
 * client-node's `loadFromDefault` throws on a name defined in two KUBECONFIG files and on a
 * missing file in the list, and its errors do not say which file is broken. kubectl's rules
 * (k8s.io/client-go/tools/clientcmd `ClientConfigLoadingRules.Load`) are:
 *   - KUBECONFIG is a path-delimited list; files that do not exist are skipped;
 *   - the first file that defines a cluster, user or context name wins, later ones are ignored;
 *   - the first non-empty current-context wins;
 *   - relative paths inside a file (certificate-authority, client-key, tokenFile …) are relative
 *     to that file's folder;
 *   - `--kubeconfig` names exactly one file, and it must exist.
 * We follow them and keep, for every entry, the file it came from, so an error can name it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KubeConfig, loadYaml, type Cluster, type Context, type User } from '@kubernetes/client-node';
import { reasonOf } from '../../../../shared/reasons';
import type { ReasonView } from '../../../../shared/views';

export interface KubeContextSummary { name: string; cluster: string; user: string; namespace?: string }

/**
 * A kubeconfig that cannot be used; the message names the file and the problem, and
 * `reasonCode` says the same for the UI's language (shared/sourceReasons.ts).
 */
export class KubeconfigError extends Error {
  readonly reasonCode: ReasonView;
  constructor(problem: Problem) {
    super(problem.text);
    this.name = 'KubeconfigError';
    this.reasonCode = problem.code;
  }
}

/** A problem with the kubeconfig, in English and as a reason code. */
export interface Problem { text: string; code: ReasonView }

interface Sourced<T> { value: T; file: string }

/** Every file merged by kubectl's rules; each entry remembers the file that defined it. */
export interface MergedKubeconfig {
  files: string[];
  clusters: Map<string, Sourced<Cluster>>;
  users: Map<string, Sourced<User>>;
  contexts: Map<string, Sourced<Context>>;
  currentContext?: string;
}

/** Which files a kubeconfig argument stands for: the explicit file, $KUBECONFIG's list, or ~/.kube/config. */
export function kubeconfigFiles(kubeconfig?: string, env: NodeJS.ProcessEnv = process.env): { files: string[]; origin: 'explicit' | 'KUBECONFIG' | 'default' } {
  if (kubeconfig && kubeconfig.trim() !== '') return { files: [expandHome(kubeconfig.trim())], origin: 'explicit' };
  const list = env.KUBECONFIG;
  if (list && list.trim() !== '') {
    // Duplicates are dropped like kubectl does (the first occurrence keeps its place).
    const files = [...new Set(list.split(path.delimiter).map((p) => p.trim()).filter((p) => p !== '').map(expandHome))];
    if (files.length > 0) return { files, origin: 'KUBECONFIG' };
  }
  return { files: [path.join(homeDir(env), '.kube', 'config')], origin: 'default' };
}

/** Read and merge the kubeconfig files; throws KubeconfigError naming the file on any problem. */
export function readKubeconfig(kubeconfig?: string, env: NodeJS.ProcessEnv = process.env): MergedKubeconfig {
  const { files, origin } = kubeconfigFiles(kubeconfig, env);
  const existing = files.filter((f) => fileExists(f));
  if (existing.length === 0) {
    const file = files[0];
    if (origin === 'explicit') throw new KubeconfigError({ text: `Kubeconfig file ${file} does not exist.`, code: reasonOf('source.kubeconfig.missingFile', { file }) });
    if (origin === 'KUBECONFIG') {
      const list = files.join(path.delimiter);
      throw new KubeconfigError({ text: `None of the files in KUBECONFIG exist: ${list}.`, code: reasonOf('source.kubeconfig.noneExist', { files: list }) });
    }
    throw new KubeconfigError({ text: `No kubeconfig found: ${file} does not exist and KUBECONFIG is not set.`, code: reasonOf('source.kubeconfig.notFound', { file }) });
  }
  const merged: MergedKubeconfig = { files: existing, clusters: new Map(), users: new Map(), contexts: new Map() };
  for (const file of existing) {
    const kc = parseKubeconfigFile(file);
    for (const c of kc.clusters) if (!merged.clusters.has(c.name)) merged.clusters.set(c.name, { value: c, file });
    for (const u of kc.users) if (!merged.users.has(u.name)) merged.users.set(u.name, { value: u, file });
    for (const c of kc.contexts) if (!merged.contexts.has(c.name)) merged.contexts.set(c.name, { value: c, file });
    if (!merged.currentContext && kc.currentContext) merged.currentContext = kc.currentContext;
  }
  return merged;
}

/**
 * The contexts of the kubeconfig (kubectl's merge of KUBECONFIG, or one file), validated. A
 * context that refers to a missing cluster or user is reported in `problems` and left out; the
 * others stay usable, as they are for kubectl. An unreadable file still throws.
 */
export function listKubeContexts(kubeconfig?: string): { contexts: KubeContextSummary[]; problems: Problem[] } {
  const merged = readKubeconfig(kubeconfig);
  const problems: Problem[] = [];
  const contexts: KubeContextSummary[] = [];
  for (const [name, { value: ctx, file }] of merged.contexts) {
    const problem = contextProblem(merged, name, ctx, file);
    if (problem) { problems.push(problem); continue; }
    contexts.push({ name, cluster: ctx.cluster, user: ctx.user ?? '', ...(ctx.namespace ? { namespace: ctx.namespace } : {}) });
  }
  return { contexts, problems };
}

/** The merged kubeconfig set to `context`, ready for client-node. */
export function loadKubeConfig(kubeconfig: string | undefined, context: string): KubeConfig {
  const merged = readKubeconfig(kubeconfig);
  const entry = merged.contexts.get(context);
  if (!entry) {
    const names = [...merged.contexts.keys()];
    const files = describeFiles(merged.files);
    const contexts = names.join(', ');
    throw new KubeconfigError(names.length > 0
      ? { text: `Context "${context}" is not defined in ${files.text} (contexts: ${contexts}).`, code: reasonOf('source.kubeconfig.unknownContext', { context, contexts }, { files: files.code }) }
      : { text: `Context "${context}" is not defined in ${files.text} (it defines no contexts).`, code: reasonOf('source.kubeconfig.unknownContextNone', { context }, { files: files.code }) });
  }
  const problem = contextProblem(merged, context, entry.value, entry.file);
  if (problem) throw new KubeconfigError(problem);
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [...merged.clusters.values()].map((s) => s.value),
    users: [...merged.users.values()].map((s) => s.value),
    contexts: [...merged.contexts.values()].map((s) => s.value),
    currentContext: context,
  });
  return kc;
}

function contextProblem(merged: MergedKubeconfig, name: string, ctx: Context, file: string): Problem | undefined {
  const files = describeFiles(merged.files);
  if (!merged.clusters.has(ctx.cluster)) {
    return {
      text: `Context "${name}" in ${file} refers to cluster "${ctx.cluster}", which ${files.text} does not define.`,
      code: reasonOf('source.kubeconfig.missingCluster', { context: name, file, cluster: ctx.cluster }, { files: files.code }),
    };
  }
  // A context without a user is valid (anonymous requests); one naming an absent user is not.
  if (ctx.user && !merged.users.has(ctx.user)) {
    return {
      text: `Context "${name}" in ${file} refers to user "${ctx.user}", which ${files.text} does not define.`,
      code: reasonOf('source.kubeconfig.missingUser', { context: name, file, user: ctx.user }, { files: files.code }),
    };
  }
  return undefined;
}

function parseKubeconfigFile(file: string): KubeConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const error = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new KubeconfigError({ text: `Cannot read kubeconfig ${file}: ${error}.`, code: reasonOf('source.kubeconfig.unreadable', { file, error }) });
  }
  let doc: unknown;
  try {
    // An empty file is an empty config for kubectl (client-node's loader refuses it).
    doc = text.trim() === '' ? null : loadYaml<unknown>(text);
  } catch (err) {
    const problem = yamlProblem(err);
    throw new KubeconfigError({ text: `Kubeconfig ${file} is not valid YAML: ${problem}.`, code: reasonOf('source.kubeconfig.badYaml', { file, problem }) });
  }
  const kc = new KubeConfig();
  if (doc === null || doc === undefined) {
    kc.loadFromOptions({ clusters: [], users: [], contexts: [], currentContext: undefined });
    return kc;
  }
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    throw new KubeconfigError({
      text: `Kubeconfig ${file} is not a kubeconfig: expected a mapping with clusters, users and contexts.`, code: reasonOf('source.kubeconfig.notMapping', { file }),
    });
  }
  for (const key of ['clusters', 'users', 'contexts'] as const) {
    const v = (doc as Record<string, unknown>)[key];
    if (v !== undefined && v !== null && !Array.isArray(v)) {
      throw new KubeconfigError({ text: `Kubeconfig ${file} is not a kubeconfig: "${key}" must be a list.`, code: reasonOf('source.kubeconfig.notList', { file, key }) });
    }
  }
  try {
    kc.loadFromString(text);
  } catch (err) {
    const message = (err as Error).message;
    throw new KubeconfigError({ text: `Kubeconfig ${file} is invalid: ${message}.`, code: reasonOf('source.kubeconfig.invalid', { file, message }) });
  }
  kc.clusters ??= [];
  kc.users ??= [];
  kc.contexts ??= [];
  kc.makePathsAbsolute(path.dirname(path.resolve(file)));
  return kc;
}

/** js-yaml's reason and 1-based position, without its multi-line source snippet. */
function yamlProblem(err: unknown): string {
  const e = err as { reason?: string; mark?: { line?: number; column?: number }; message?: string };
  if (e.reason && e.mark && typeof e.mark.line === 'number') {
    return `${e.reason} at line ${e.mark.line + 1}, column ${(e.mark.column ?? 0) + 1}`;
  }
  return String(e.message ?? err).split('\n')[0];
}

function describeFiles(files: string[]): Problem {
  if (files.length === 1) return { text: files[0], code: reasonOf('source.kubeconfig.file', { file: files[0] }) };
  const list = files.join(', ');
  return { text: `the merged KUBECONFIG files (${list})`, code: reasonOf('source.kubeconfig.mergedFiles', { files: list }) };
}

function fileExists(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function homeDir(env: NodeJS.ProcessEnv): string {
  return env.HOME || env.USERPROFILE || os.homedir();
}

function expandHome(p: string): string {
  return p === '~' || p.startsWith('~/') ? path.join(os.homedir(), p.slice(1)) : p;
}
