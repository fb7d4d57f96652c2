/**
 * `npm run serve`: the headless shell. Same backend as the Electron app, behind HTTP +
 * WebSocket on loopback. Prints exactly one line with the URL (and its token) on stdout.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConsoleBackend, defaultDataDir } from './core/backend/consoleBackend';
import { startServer } from './core/serve/httpServer';
import { parseServeArgs } from './core/serve/serveCli';

async function main(): Promise<void> {
  let config;
  try {
    config = parseServeArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(2);
  }
  for (const w of config.warnings) process.stderr.write(`${w}\n`);
  const here = path.dirname(fileURLToPath(import.meta.url));
  const backend = new ConsoleBackend({
    dataDir: config.dataDir ?? defaultDataDir(),
    initialSource: config.source,
    kubeconfig: config.kubeconfig,
    prometheusUrl: config.prometheusUrl,
  });
  await backend.start();
  const server = await startServer({ backend, rendererDir: path.join(here, '..', 'renderer'), host: config.host, port: config.port });
  process.stdout.write(`Bulwark serving at ${server.url}\n`);
  const shutdown = async () => {
    await server.close();
    await backend.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((err) => {
  process.stderr.write(`Bulwark failed to start: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
