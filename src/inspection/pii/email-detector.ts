import type { PiiHit } from './pii-hit.ts';
import { isAsciiLetter, isDigit } from './char-class.ts';

/**
 * E-mail addresses, RFC-practical: local part of letters, digits and `._%+-` (1–64, no leading, trailing
 * or doubled dot), `@`, a domain of dot-separated labels (letters, digits, inner hyphens) ending in an
 * alphabetic TLD of 2+ letters. Quoted local parts and IP-literal domains are not handled.
 *
 * Decisions, documented:
 * - An address inside code is still an address (`"foo@bar.baz"` in a string literal is reported).
 * - Dotless domains (`user@localhost`, `a@b` in Python matrix code) are not reported unless the option
 *   `allowDotlessDomains` is set.
 * - SSH/SCM remotes are not personal data: local part `git` (`git@github.com:org/repo.git`,
 *   `ssh://git@host/…`) is never reported; nor are npm-style `pkg@1.2.3` (numeric TLD) or decorators.
 * - Reserved documentation domains (example.com/.net/.org, .example, .test, .invalid, .localhost) are
 *   reported with low confidence instead of medium.
 * Linear: each `@` looks at most 64 characters back and 253 forward.
 */

export interface EmailOptions {
  allowDotlessDomains?: boolean;
}

const RESERVED = /(?:^|\.)(?:example\.(?:com|net|org)|example|test|invalid|localhost)$/i;
const SERVICE_USERS = new Set(['git', 'hg', 'svn']);

function isLocalChar(c: number): boolean {
  return isAsciiLetter(c) || isDigit(c) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45;
}

function isDomainChar(c: number): boolean {
  return isAsciiLetter(c) || isDigit(c) || c === 46 || c === 45;
}

/** Why: scans for `@` with indexOf (fast on code, where `@` is rare) and validates around each one. */
export function scanEmails(text: string, out: PiiHit[], options: EmailOptions = {}): void {
  let at = text.indexOf('@');
  while (at !== -1) {
    const hit = emailAt(text, at, options);
    if (hit !== undefined) out.push(hit);
    at = text.indexOf('@', at + 1);
  }
}

function emailAt(text: string, at: number, options: EmailOptions): PiiHit | undefined {
  let s = at;
  while (s > 0 && at - s <= 64 && isLocalChar(text.charCodeAt(s - 1))) s--;
  if (at - s > 64 || s === at) return undefined;
  while (s < at && text.charCodeAt(s) === 46) s++; // a sentence dot before the address
  const local = text.slice(s, at);
  if (local === '' || local.endsWith('.') || local.includes('..')) return undefined;
  if (SERVICE_USERS.has(local.toLowerCase())) return undefined;
  let e = at + 1;
  while (e < text.length && e - at <= 254 && isDomainChar(text.charCodeAt(e))) e++;
  if (e - at > 254) return undefined;
  while (e > at + 1 && (text.charCodeAt(e - 1) === 46 || text.charCodeAt(e - 1) === 45)) e--; // trailing "." of a sentence
  const domain = text.slice(at + 1, e);
  if (domain === '' || domain.includes('..')) return undefined;
  const labels = domain.split('.');
  if (labels.length < 2 && options.allowDotlessDomains !== true) return undefined;
  for (const label of labels) {
    if (label === '' || label.length > 63 || label.startsWith('-') || label.endsWith('-')) return undefined;
  }
  const tld = labels[labels.length - 1]!;
  if (labels.length >= 2 && !/^[A-Za-z]{2,63}$/.test(tld)) return undefined;
  if (labels.length === 1 && !/^[A-Za-z][A-Za-z0-9-]*$/.test(tld)) return undefined;
  const reserved = RESERVED.test(domain);
  return {
    ruleId: 'pii-email',
    confidence: reserved ? 'low' : 'medium',
    start: s,
    end: e,
    description: reserved ? 'e-mail address (documentation domain)' : 'e-mail address',
  };
}
