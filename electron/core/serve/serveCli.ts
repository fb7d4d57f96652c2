/**
 * Argument parsing and source choice for `npm run serve`, kept pure so it is unit-tested.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_PRESETS, type DemoPreset, type SourceRequest } from '../../../shared/contract';
import { isLoopbackHost } from './requestAuth';

export interface ServeConfig {
  host: string;
  port: number;
  source: SourceRequest;
  kubeconfig?: string;
  prometheusUrl?: string;
  dataDir?: string;
  warnings: string[];
}

export const SERVE_USAGE = `Usage: npm run serve -- [--demo] [--preset lab|region|large] [--seed N]
                        [--kubeconfig PATH] [--context NAME] [--prometheus URL]
                        [--port N] [--host H] [--data-dir DIR]`;

export function parseServeArgs(argv: string[], env: NodeJS.ProcessEnv = process.env, home = os.homedir()): ServeConfig {
  const { values } = parseArgs({
    args: argv,
    options: {
      demo: { type: 'boolean' }, preset: { type: 'string' }, seed: { type: 'string' },
      kubeconfig: { type: 'string' }, context: { type: 'string' }, prometheus: { type: 'string' },
      port: { type: 'string' }, host: { type: 'string' }, 'data-dir': { type: 'string' }, help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) throw new Error(SERVE_USAGE);
  const warnings: string[] = [];
  const host = values.host ?? '127.0.0.1';
  if (!isLoopbackHost(host)) {
    warnings.push(`WARNING: serving on ${host}, which is not loopback: anyone who can reach this address and has the token controls the cluster access of this process.`);
  }
  const port = values.port === undefined ? 7420 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535, got ${values.port}`);
  const preset = (values.preset ?? 'region') as DemoPreset;
  if (!DEMO_PRESETS.includes(preset)) throw new Error(`--preset must be one of ${DEMO_PRESETS.join(', ')}, got ${values.preset}`);
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && (!Number.isInteger(seed) || seed < 0)) throw new Error(`--seed must be a non-negative integer, got ${values.seed}`);
  if (values.prometheus !== undefined) {
    try { new URL(values.prometheus); } catch { throw new Error(`--prometheus must be a URL, got ${values.prometheus}`); }
  }

  const kubeconfig = values.kubeconfig;
  let source: SourceRequest;
  if (values.demo) {
    source = { kind: 'demo', preset, seed };
  } else if (values.context) {
    source = { kind: 'kube', context: values.context, kubeconfig };
  } else {
    // Demo is the default when no cluster is configured.
    const configured = kubeconfig ?? firstExisting((env.KUBECONFIG ?? '').split(path.delimiter).filter(Boolean)) ?? firstExisting([path.join(home, '.kube', 'config')]);
    const context = configured ? currentContextOf(configured) : undefined;
    source = context ? { kind: 'kube', context, kubeconfig } : { kind: 'demo', preset, seed };
  }
  return { host, port, source, kubeconfig, prometheusUrl: values.prometheus, dataDir: values['data-dir'], warnings };
}

function firstExisting(files: string[]): string | undefined {
  return files.find((f) => { try { return fs.statSync(f).isFile(); } catch { return false; } });
}

/** current-context of a kubeconfig, read without a YAML parser: a top-level `current-context:` line. */
function currentContextOf(file: string): string | undefined {
  try {
    const m = /^current-context:\s*["']?([^"'\n]+?)["']?\s*$/m.exec(fs.readFileSync(file, 'utf8'));
    return m?.[1] || undefined;
  } catch { return undefined; }
}
