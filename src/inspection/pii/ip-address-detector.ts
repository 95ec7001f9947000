import type { PiiHit } from './pii-hit.ts';
import { isAsciiLetter, isDigit, isHex, isWordChar } from './char-class.ts';

/**
 * IP addresses (ruleId `pii-ip`, always low confidence: an address identifies a person only sometimes).
 * Only public unicast addresses are reported: private (10/8, 172.16/12, 192.168/16), link-local
 * (169.254/16, fe80::/10), shared CGNAT (100.64/10), unique-local (fc00::/7), multicast and reserved
 * (224/3, ff00::/8), 0/8 and well-known public resolvers (8.8.8.8, 1.1.1.1, …) identify no person — an
 * internal host name or range is for the company dictionary (`inspection.dictionary`), not personal data.
 * Not reported either: loopback (127/8, ::1), unspecified (0.0.0.0, ::), netmask-like 255.x.x.x, and dotted
 * quads right after a version word (`version 1.2.3.4`, `v1.2.3.4`, `ver: …`) — decided: those are
 * versions, and a real address written that way is rare.
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
/** Public DNS resolvers (Google, Cloudflare, Quad9, OpenDNS): a service, not a person. */
const PUBLIC_SERVICES = new Set([
  '8.8.8.8', '8.8.4.4', '1.1.1.1', '1.0.0.1', '9.9.9.9', '149.112.112.112', '208.67.222.222', '208.67.220.220',
  '2001:4860:4860::8888', '2001:4860:4860::8844', '2606:4700:4700::1111', '2606:4700:4700::1001',
]);
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
    // Addresses that belong to no person: private, link-local (incl. cloud metadata 169.254.169.254),
    // shared CGNAT, 0/8, multicast and reserved 224/3, and public resolvers everyone uses.
    const internal =
      a === 10 || a === 0 || a >= 224 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
    if (internal || PUBLIC_SERVICES.has(m[0])) {
      p = stop;
      continue;
    }
    out.push({ ruleId: 'pii-ip', confidence: 'low', start: p, end: stop, description: 'IPv4 address' });
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
  // Unique-local, link-local and multicast, IPv4-mapped internal forms, and public resolvers: nobody's.
  if (/^(?:f[cd]|fe[89ab]|ff)/.test(lower) || PUBLIC_SERVICES.has(lower) || /^::ffff:(?:10|127|192\.168)\./.test(lower)) return next;
  out.push({ ruleId: 'pii-ip', confidence: 'low', start: s, end: e, description: 'IPv6 address' });
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
