import type { PiiHit } from './pii-hit.ts';
import { isAsciiLetter, isDigit, isHex, isWordChar } from './char-class.ts';

/**
 * IP addresses (ruleId `pii-ip`, always low confidence: an address identifies a person only sometimes).
 * Not reported: loopback (127/8, ::1), unspecified (0.0.0.0, ::), netmask-like 255.x.x.x, and dotted
 * quads right after a version word (`version 1.2.3.4`, `v1.2.3.4`, `ver: …`) — decided: those are
 * versions, and a real address written that way is rare. Private, link-local and unique-local ranges are
 * still reported (internal topology leaks too) with the range in the description.
 *
 * Also not reported, because on 51 MB of real code and docs (bench:scan) nearly every such hit was not an
 * address (456 findings, a handful real): the documentation ranges (192.0.2/24, 198.51.100/24,
 * 203.0.113/24, 2001:db8::/32: reserved for examples); quads whose four parts are all one digit (section
 * and version numbers `7.4.2.4`, `1.8.1.6`; a real host there is public infrastructure like 1.1.1.1,
 * not a person); quads after `section`/`§`/`chapter` or in an OID (`ObjectIdentifier("2.5.29.37")`,
 * `oid`); a quad right after a decimal number (`2.12 3.51.98.32`: SVG path data); IPv6 forms that are a
 * slice or a network rather than a host (`[1::2]`, `100::`); a quad glued to `-letters` (`11.3.244.8-node.9`).
 * IPv6: full, `::`-compressed and IPv4-suffixed forms; at least one decimal digit is required so C++/Rust
 * paths such as `a::b` or `Face::Bad` are not addresses.
 */

const V4 = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})/y;
const VERSION_BEFORE = /(?:version\w*|ver\.?|release|build|\bv)\s*[:=]*\s*["'`]?\s*$/i;
/** Words before a dotted number that make it a section number or an OID (checked on the 24 chars before). */
const NOT_ADDRESS_BEFORE = /(?:section|sec\.|§|chapter|clause|\boid\b|objectidentifier)[\s:=#(_-]*["'`]?$/i;
/** A decimal number (one dot) and a separator right before: a list of numbers, e.g. SVG path data. */
const DECIMAL_BEFORE = /(?:^|[^0-9.])[0-9]*\.[0-9]+[ ,]-?$/;

/** Why: a `RunDetector` over one numeric run (dotted quads live inside runs). */
export function scanIPv4(text: string, start: number, end: number, out: PiiHit[]): void {
  for (let p = start; p < end; p++) {
    if (!isDigit(text.charCodeAt(p)) || isDigit(text.charCodeAt(p - 1))) continue;
    const before = text.charCodeAt(p - 1);
    if (isWordChar(before) || before === 46) {
      if (before !== 118 && before !== 86) continue; // "v1.2.3.4" is checked below as a version
    }
    V4.lastIndex = p;
    const m = V4.exec(text);
    if (m === null) continue;
    const stop = p + m[0].length;
    const after = text.charCodeAt(stop);
    if (isWordChar(after) || (after === 46 && isDigit(text.charCodeAt(stop + 1)))) continue;
    if (after === 45 && isAsciiLetter(text.charCodeAt(stop + 1))) continue; // 11.3.244.8-node.9: a version
    const octets = [m[1]!, m[2]!, m[3]!, m[4]!];
    if (octets.some((o) => Number(o) > 255 || (o.length > 1 && o.startsWith('0')))) continue;
    if (octets.every((o) => o.length === 1)) continue; // 7.4.2.4: a section or version number
    const ahead = text.slice(Math.max(0, p - 24), p);
    if (VERSION_BEFORE.test(ahead.slice(-16)) || NOT_ADDRESS_BEFORE.test(ahead) || DECIMAL_BEFORE.test(ahead)) continue;
    const [a, b, c] = [Number(octets[0]), Number(octets[1]), Number(octets[2])];
    if (a === 127 || a === 255 || (a === 0 && m[0] === '0.0.0.0')) continue;
    if ((a === 192 && b === 0 && c === 2) || (a === 198 && b === 51 && c === 100) || (a === 203 && b === 0 && c === 113)) continue; // RFC 5737
    const range =
      a === 10 ? 'private 10.0.0.0/8'
      : a === 172 && b >= 16 && b <= 31 ? 'private 172.16.0.0/12'
      : a === 192 && b === 168 ? 'private 192.168.0.0/16'
      : a === 169 && b === 254 ? 'link-local 169.254.0.0/16'
      : a === 100 && b >= 64 && b <= 127 ? 'shared 100.64.0.0/10'
      : undefined;
    out.push({ ruleId: 'pii-ip', confidence: 'low', start: p, end: stop, description: range === undefined ? 'IPv4 address' : `IPv4 address (${range})` });
    p = stop;
  }
}

/**
 * Why these triggers: a regex for `:h:` over source code runs at every colon (TypeScript has many); an
 * address with a digit (required below) either contains `::` or has a digit run touching a colon, so
 * `indexOf('::')` plus the numeric runs already found cover it at a fraction of the cost.
 * Candidates extend at most 39 characters left and 45 right of the trigger, so the scan stays linear.
 */
export function scanIPv6(text: string, runs: readonly number[], out: PiiHit[]): void {
  let scannedTo = 0;
  for (let r = 0; r < runs.length; r += 2) {
    const start = runs[r]!;
    const end = runs[r + 1]!;
    const colon = text.charCodeAt(end) === 58 ? end : text.charCodeAt(start - 1) === 58 ? start - 1 : -1;
    if (colon >= scannedTo) scannedTo = ipv6Around(text, colon, scannedTo, out);
  }
  scannedTo = 0;
  for (let at = text.indexOf('::'); at !== -1; at = text.indexOf('::', Math.max(at + 1, scannedTo))) {
    scannedTo = ipv6Around(text, at, scannedTo, out);
  }
}

/** Checks the hex-and-colon stretch around `colon`; returns where the candidate ended. */
function ipv6Around(text: string, colon: number, scannedTo: number, out: PiiHit[]): number {
  let s = colon;
  const limit = Math.max(scannedTo, colon - 39);
  while (s > limit && (isHex(text.charCodeAt(s - 1)) || text.charCodeAt(s - 1) === 58)) s--;
  let e = colon;
  while (e < text.length && e - s < 45 && (isHex(text.charCodeAt(e)) || text.charCodeAt(e) === 58 || text.charCodeAt(e) === 46)) e++;
  while (e > s && (text.charCodeAt(e - 1) === 46 || (text.charCodeAt(e - 1) === 58 && text.charCodeAt(e - 2) !== 58))) e--;
  const next = Math.max(e, colon + 1);
  const before = text.charCodeAt(s - 1);
  const after = text.charCodeAt(e);
  if (isWordChar(before) || before === 58 || before === 46 || isWordChar(after) || after === 58) return next;
  const candidate = text.slice(s, e);
  if (!/[0-9]/.test(candidate) || !isIPv6(candidate)) return next;
  const lower = candidate.toLowerCase();
  if (/^[0:]*(?:1)?$/.test(lower.replace(/::/, ':'))) return next; // ::, ::1 and their long forms
  if (/^[0-9]{0,2}::[0-9]{1,2}$/.test(lower) || lower.endsWith('::')) return next; // a slice `[1::2]`, a network `100::`
  if (/^2001:0?db8(?::|$)/.test(lower)) return next; // RFC 3849 documentation prefix
  const range = /^f[cd]/.test(lower) ? ' (unique local fc00::/7)' : /^fe[89ab]/.test(lower) ? ' (link-local fe80::/10)' : '';
  out.push({ ruleId: 'pii-ip', confidence: 'low', start: s, end: e, description: `IPv6 address${range}` });
  return next;
}

/** Why exported: tests check the grammar directly. */
export function isIPv6(candidate: string): boolean {
  const halves = candidate.split('::');
  if (halves.length > 2) return false;
  let groups = 0;
  for (let h = 0; h < halves.length; h++) {
    const half = halves[h]!;
    if (half === '') continue;
    const parts = half.split(':');
    for (let k = 0; k < parts.length; k++) {
      const part = parts[k]!;
      const lastOfAll = h === halves.length - 1 && k === parts.length - 1;
      if (lastOfAll && part.includes('.')) {
        if (!/^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/.test(part)) return false;
        groups += 2;
      } else if (/^[0-9A-Fa-f]{1,4}$/.test(part)) {
        groups += 1;
      } else {
        return false;
      }
    }
  }
  return halves.length === 2 ? groups < 8 : groups === 8;
}
