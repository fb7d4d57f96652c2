/**
 * The API server's words for invalid objects (k8s.io/apimachinery validation + the Node rules of
 * pkg/apis/core/validation), so the demo's 422s read like a real cluster's:
 *   Node "gpu-h100-a-0001" is invalid: metadata.taints[0].effect: Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"
 * Several errors are aggregated as `[a, b]`. (ValidateNode reports taints under
 * `metadata.taints`, not `spec.taints` — a long-standing quirk of the API server.)
 */
import type { V1Taint } from '@kubernetes/client-node';

/** A field error as `field.Error.Error()` prints it. */
export type FieldError = string;

const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QUALIFIED_NAME_RE = new RegExp(`^${QUALIFIED_NAME_FMT}$`);
const QUALIFIED_NAME_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
const LABEL_VALUE_RE = new RegExp(`^${LABEL_VALUE_FMT}$`);
const LABEL_VALUE_MSG = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
const DNS1123_SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** validation.RegexError, double space after each example included. */
function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${fmt}')`;
}

const maxLen = (n: number) => `must be no more than ${n} characters`;

/** validation.IsQualifiedName: label keys, taint keys. */
export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) name = parts[0];
  else if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else {
      if (prefix.length > 253) errs.push(`prefix part ${maxLen(253)}`);
      if (!DNS1123_SUBDOMAIN_RE.test(prefix)) errs.push(`prefix part ${regexError(DNS1123_SUBDOMAIN_MSG, DNS1123_SUBDOMAIN_FMT, 'example.com')}`);
    }
  } else {
    return [`a qualified name ${regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push(`name part ${maxLen(63)}`);
  if (!QUALIFIED_NAME_RE.test(name)) errs.push(`name part ${regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')}`);
  return errs;
}

/** validation.IsValidLabelValue: label values, taint values. */
export function isValidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLen(63));
  if (!LABEL_VALUE_RE.test(value)) errs.push(regexError(LABEL_VALUE_MSG, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  return errs;
}

/** Go's %q for the strings the demo meets (JSON escaping is the same for printable ASCII). */
const q = (s: string) => JSON.stringify(s);

export const invalidValue = (field: string, value: string, detail: string): FieldError => `${field}: Invalid value: ${q(value)}: ${detail}`;
export const required = (field: string): FieldError => `${field}: Required value`;

/** How `%#v` prints the internal core.Taint in a Duplicate error (a nil TimeAdded prints as <nil>). */
function goTaint(t: V1Taint): string {
  let added = '<nil>';
  if (t.timeAdded) {
    const d = new Date(t.timeAdded as unknown as string);
    const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
    added = `time.Date(${d.getUTCFullYear()}, time.${months[d.getUTCMonth()]}, ${d.getUTCDate()}, ${d.getUTCHours()}, ${d.getUTCMinutes()}, ${d.getUTCSeconds()}, 0, time.Local)`;
  }
  return `core.Taint{Key:${q(t.key ?? '')}, Value:${q(t.value ?? '')}, Effect:${q(t.effect ?? '')}, TimeAdded:${added}}`;
}

/** validateNodeTaints, with ValidateNode's `metadata.taints` path. */
export function validateNodeTaints(taints: readonly V1Taint[]): FieldError[] {
  const errs: FieldError[] = [];
  const unique = new Map<string, Set<string>>();
  taints.forEach((raw, i) => {
    const t = (raw ?? {}) as V1Taint;
    const path = `metadata.taints[${i}]`;
    const key = typeof t.key === 'string' ? t.key : '';
    for (const msg of isQualifiedName(key)) errs.push(invalidValue(`${path}.key`, key, msg));
    const value = typeof t.value === 'string' ? t.value : '';
    const valueErrs = isValidLabelValue(value);
    if (valueErrs.length) errs.push(invalidValue(`${path}.value`, value, valueErrs.join(';')));
    const effect = typeof t.effect === 'string' ? t.effect : '';
    if (effect === '') errs.push(required(`${path}.effect`));
    else if (!TAINT_EFFECTS.includes(effect)) errs.push(`${path}.effect: Unsupported value: ${q(effect)}: supported values: ${TAINT_EFFECTS.map(q).join(', ')}`);
    const seen = unique.get(effect) ?? new Set<string>();
    if (seen.has(key)) {
      errs.push(`${path}: Duplicate value: ${goTaint(t)}: taints must be unique by key and effect pair`);
      return;
    }
    seen.add(key);
    unique.set(effect, seen);
  });
  return errs;
}

/** errors.NewInvalid's message: one error as is, several as `[a, b]` (duplicates folded, as utilerrors.Aggregate does). */
export function invalidMessage(qualifiedKind: string, name: string, errs: readonly FieldError[]): string {
  const distinct = [...new Set(errs)];
  if (distinct.length === 0) return `${qualifiedKind} ${q(name)} is invalid`;
  return `${qualifiedKind} ${q(name)} is invalid: ${distinct.length === 1 ? distinct[0] : `[${distinct.join(', ')}]`}`;
}
