/**
 * Starts one headless serve on the `lab` demo for the whole run and hands its URL to the tests
 * through the environment (BULWARK_URL, BULWARK_ORIGIN). The returned function is the teardown.
 */
import { startServe } from './serve';

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (process.env.BULWARK_URL) return async () => undefined; // an externally started server
  const serve = await startServe(['--demo', '--preset', 'lab']);
  process.env.BULWARK_URL = serve.url;
  process.env.BULWARK_ORIGIN = serve.origin;
  return async () => { await serve.stop(); };
}
