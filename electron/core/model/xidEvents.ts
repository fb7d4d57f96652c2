/**
 * XIDs reported as Kubernetes Events on a Node. The driver logs "NVRM: Xid (PCI:…): 79, …" in
 * the kernel log; node-problem-detector, DCGM health checks (and the demo) turn that into a
 * Warning Event on the Node. A GPU that fell off the bus never reports DCGM_FI_DEV_XID_ERRORS
 * again, so this Event is often the only place its XID shows up.
 *
 * Parsed: the code after "Xid (…):" and the GPU, by UUID ("GPU-…") or by "GPU <index>".
 */
export interface XidReport { code: number; uuid?: string; index?: number }

const XID = /\bXid\s*(?:\([^)]{0,64}\))?\s*:\s*(\d{1,4})\b/i;
const UUID = /\b(GPU-[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12})\b/i;
const INDEX = /\bGPU\s+(\d{1,3})\b/;

export function parseXidReport(message: string): XidReport | undefined {
  if (message.length > 4096) message = message.slice(0, 4096);
  const m = XID.exec(message);
  if (!m) return undefined;
  const code = Number(m[1]);
  if (!(code > 0)) return undefined;
  const uuid = UUID.exec(message)?.[1];
  const index = INDEX.exec(message)?.[1];
  return { code, uuid, index: index === undefined ? undefined : Number(index) };
}
