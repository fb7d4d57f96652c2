import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KubeconfigError, listKubeContexts, loadKubeConfig, readKubeconfig } from '../../electron/core/sources/kube/kubeconfig';
import { expectCodeSays } from './reasonEnglish';

let dir: string;
const savedEnv = process.env.KUBECONFIG;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulwark-kubeconfig-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  if (savedEnv === undefined) delete process.env.KUBECONFIG;
  else process.env.KUBECONFIG = savedEnv;
});

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

const TEAM_A = `apiVersion: v1
kind: Config
current-context: train-prod
clusters:
- name: prod
  cluster:
    server: https://prod.example:6443
    certificate-authority: certs/prod-ca.crt
users:
- name: alice
  user:
    token: aaa
contexts:
- name: train-prod
  context: { cluster: prod, user: alice, namespace: llm-pretrain }
`;

const TEAM_B = `apiVersion: v1
kind: Config
current-context: inference-staging
clusters:
- name: prod
  cluster:
    server: https://should-not-win.example:6443
- name: staging
  cluster:
    server: https://staging.example:6443
users:
- name: alice
  user:
    token: should-not-win
- name: bob
  user:
    token: bbb
contexts:
- name: train-prod
  context: { cluster: staging, user: bob }
- name: inference-staging
  context: { cluster: staging, user: bob }
`;

describe('listKubeContexts', () => {
  it('merges a multi-file KUBECONFIG like kubectl: the first file to define a name wins', () => {
    const a = write('a/config', TEAM_A);
    const b = write('b/config', TEAM_B);
    process.env.KUBECONFIG = [a, path.join(dir, 'missing'), b].join(path.delimiter);
    expect(listKubeContexts().contexts).toEqual([
      { name: 'train-prod', cluster: 'prod', user: 'alice', namespace: 'llm-pretrain' },
      { name: 'inference-staging', cluster: 'staging', user: 'bob' },
    ]);
    const merged = readKubeconfig();
    expect(merged.currentContext).toBe('train-prod');
    expect(merged.files).toEqual([a, b]);
    expect(merged.clusters.get('prod')?.value.server).toBe('https://prod.example:6443');
    expect(merged.users.get('alice')?.value.token).toBe('aaa');
  });

  it('resolves relative certificate paths against the folder of the file that holds them', () => {
    const a = write('a/config', TEAM_A);
    const kc = loadKubeConfig(a, 'train-prod');
    expect(kc.getCurrentCluster()?.caFile).toBe(path.join(dir, 'a', 'certs', 'prod-ca.crt'));
    expect(kc.getCurrentContext()).toBe('train-prod');
    expect(kc.getCurrentUser()?.name).toBe('alice');
  });

  it('reads an explicit file rather than KUBECONFIG', () => {
    process.env.KUBECONFIG = write('a/config', TEAM_A);
    const b = write('b/config', TEAM_B);
    expect(listKubeContexts(b).contexts.map((c) => c.name)).toEqual(['train-prod', 'inference-staging']);
    expect(loadKubeConfig(b, 'train-prod').getCurrentCluster()?.server).toBe('https://staging.example:6443');
  });

  it.each([
    ['a missing explicit file', () => listKubeContexts(path.join(dir, 'nope.yaml')), /Kubeconfig file .*nope\.yaml does not exist/],
    ['a KUBECONFIG whose files are all missing', () => { process.env.KUBECONFIG = [path.join(dir, 'x'), path.join(dir, 'y')].join(path.delimiter); return listKubeContexts(); }, /None of the files in KUBECONFIG exist: .*x.*y/],
    ['broken YAML', () => listKubeContexts(write('broken.yaml', 'clusters:\n- name: a\n  cluster:\n    server: "https://x\n  bad: [\n')), /Kubeconfig .*broken\.yaml is not valid YAML: .* at line \d+, column \d+/],
    ['a YAML list instead of a config', () => listKubeContexts(write('list.yaml', '- a\n- b\n')), /list\.yaml is not a kubeconfig/],
    ['a cluster without a server', () => listKubeContexts(write('noserver.yaml', 'clusters:\n- name: a\n  cluster: {}\n')), /noserver\.yaml is invalid: clusters\[0\]\.cluster\.server is missing/],
  ])('gives a clear message for %s', (_what, fn, message) => {
    let err: unknown;
    try { fn(); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(KubeconfigError);
    expect((err as Error).message).toMatch(message);
    expectCodeSays('kubeconfig error', (err as KubeconfigError).message, (err as KubeconfigError).reasonCode);
  });

  it('names the file and the missing cluster or user a context refers to', () => {
    const file = write('dangling.yaml', `clusters:
- name: real
  cluster: { server: "https://real:6443" }
users:
- name: u
  user: { token: t }
contexts:
- name: to-nowhere
  context: { cluster: gone, user: u }
- name: nobody
  context: { cluster: real, user: ghost }
- name: anonymous
  context: { cluster: real }
`);
    // The broken contexts are reported; the good one stays listed (kubectl behaves the same).
    const listed = listKubeContexts(file);
    expect(listed.contexts.map((c) => c.name)).toEqual(['anonymous']);
    expect(listed.problems[0].text).toBe(`Context "to-nowhere" in ${file} refers to cluster "gone", which ${file} does not define.`);
    expect(listed.problems[1].text).toMatch(`Context "nobody" in ${file} refers to user "ghost"`);
    for (const p of listed.problems) expectCodeSays('context problem', p.text, p.code);
    // A context without a user is valid (anonymous access) and loads.
    expect(loadKubeConfig(file, 'anonymous').getCurrentCluster()?.server).toBe('https://real:6443');
    expect(() => loadKubeConfig(file, 'nobody')).toThrow(/refers to user "ghost"/);
  });

  it('lists the contexts there are when asked for one that is not defined', () => {
    const a = write('a/config', TEAM_A);
    expect(() => loadKubeConfig(a, 'prod-eu')).toThrow(`Context "prod-eu" is not defined in ${a} (contexts: train-prod).`);
    let err: unknown;
    try { loadKubeConfig(a, 'prod-eu'); } catch (e) { err = e; }
    expectCodeSays('unknown context', (err as KubeconfigError).message, (err as KubeconfigError).reasonCode);
  });

  it('treats an empty file as an empty config, as kubectl does', () => {
    const empty = write('empty.yaml', '');
    const a = write('a/config', TEAM_A);
    process.env.KUBECONFIG = [empty, a].join(path.delimiter);
    expect(listKubeContexts().contexts.map((c) => c.name)).toEqual(['train-prod']);
  });

  it('uses ~/.kube/config when neither a file nor KUBECONFIG is given', () => {
    const env = { HOME: dir } as NodeJS.ProcessEnv;
    expect(() => readKubeconfig(undefined, env)).toThrow(`No kubeconfig found: ${path.join(dir, '.kube', 'config')} does not exist and KUBECONFIG is not set.`);
    write('.kube/config', TEAM_A);
    expect(readKubeconfig(undefined, env).currentContext).toBe('train-prod');
  });
});
