import type { PiiHit } from './pii-hit.ts';
import { isAsciiLetter, isDigit } from './char-class.ts';

/**
 * E-mail addresses, RFC-practical: local part of letters, digits and `._%+-` (1–64, no leading, trailing
 * or doubled dot), `@`, a domain of dot-separated labels (letters, digits, inner hyphens) ending in an
 * alphabetic TLD of 2+ letters. Quoted local parts and IP-literal domains are not handled.
 *
 * Personal data is an address that identifies a person. Decisions, documented (docs/configuration.md):
 * - An address inside code is still an address (`"foo@bar.baz"` in a string literal is reported).
 * - Dotless domains (`user@localhost`, `a@b` in Python matrix code) are not reported unless the option
 *   `allowDotlessDomains` is set.
 * - Not personal data, not reported:
 *   - SSH/SCM remotes: local part `git`, `hg`, `svn` (`git@github.com:org/repo.git`); npm-style
 *     `pkg@1.2.3` (numeric TLD) and decorators;
 *   - role and system addresses (`ROLE_LOCAL_PARTS`: noreply, no-reply, do-not-reply, notifications,
 *     mailer-daemon, postmaster, hostmaster, webmaster, abuse, security, support, info, sales, contact,
 *     help, privacy, legal, billing, …, also with a `-team`/`.jp`-style suffix such as `support-jp`) and
 *     whole no-reply domains (`users.noreply.github.com`, `noreply.*`, `bounces.*`);
 *   - the reserved example domains of RFC 2606 / RFC 6761 (example.com/.net/.org, .example, .test,
 *     .invalid, .localhost): they belong to nobody;
 *   - an AI tool's commit attribution (`Co-Authored-By: Claude … <…>`, Copilot, Codex, Cursor, Gemini,
 *     Aider, Devin, …): every Claude Code request carries one, and it names a program;
 *   - the password slot of a URL (`postgres://user:secret@db.corp.io`): that is a credential, found by
 *     `sekisho-url-credentials`, not an address;
 *   - stand-ins for a person (`user@`, `someone@`, `your-name@`, `first.last@`), mailing lists and
 *     robots (`python-dev@`, `bug-automake@`, `ftpmaster@`, domains `lists.*`), Message-IDs (a local
 *     part of digits and dots), and protocol names (`-cert-v01@openssh.com`);
 *   - the company's own role addresses given in `inspection.roleAddresses`.
 * Linear: each `@` looks at most 64 characters back and 253 forward.
 */

export interface EmailOptions {
  allowDotlessDomains?: boolean;
  /** Company role addresses: `name@domain`, `name@` (any domain) or `@domain` (whole domain, and below it). */
  roleAddresses?: readonly string[];
}

const RESERVED = /(?:^|\.)(?:example\.(?:com|net|org)|example|test|invalid|localhost)$/i;
const SERVICE_USERS = new Set(['git', 'hg', 'svn']);
/** Local parts of role and system mailboxes (compared lower-cased, without a trailing `-xx`/`_xx`/`.xx` qualifier). */
const ROLE_LOCAL_PARTS = new Set([
  'noreply', 'no-reply', 'no_reply', 'donotreply', 'do-not-reply', 'do_not_reply', 'dontreply', 'notifications',
  'notification', 'notify', 'notifier', 'alerts', 'alert', 'mailer-daemon', 'mailerdaemon', 'postmaster', 'hostmaster',
  'webmaster', 'abuse', 'security', 'secure', 'support', 'info', 'information', 'sales', 'contact', 'contactus', 'help',
  'helpdesk', 'hello', 'team', 'privacy', 'legal', 'billing', 'accounts', 'press', 'media', 'marketing', 'jobs',
  'careers', 'feedback', 'office', 'admin', 'administrator', 'root', 'bounce', 'bounces', 'newsletter', 'news',
  'devnull', 'nobody', 'null', 'service', 'services', 'customerservice', 'enquiries', 'inquiries', 'reply', 'mail',
  'email', 'list', 'lists', 'listserv', 'majordomo', 'owner', 'maintainers', 'security-alert', 'compliance', 'dpo',
  'gdpr', 'cert', 'psirt', 'ops', 'devops', 'sre', 'it', 'hr', 'finance', 'orders', 'shop', 'store', 'dev', 'developers',
]);
/** Domains whose every mailbox is a system one. */
const ROLE_DOMAIN = /(?:^|\.)(?:users\.noreply\.github\.com|(?:no-?reply|bounces?|notifications?|mailer)\.[a-z0-9.-]+)$/i;
/** AI coding tools that sign commits with a `Co-Authored-By:` line. */
const AI_ATTRIBUTION = /co-authored-by:[ \t]*(?:claude|anthropic|github copilot|copilot|codex|openai|chatgpt|gpt-?[0-9]|cursor|gemini|google jules|jules|aider|devin|amazon q|codeium|windsurf|tabnine|sourcegraph cody|cody|opencode|qwen|deepseek)\b[^\n<]*<?$/i;

/** Stand-ins for "some person" in docs and forms: they name nobody. */
const STAND_IN_LOCAL = /^(?:user|username|user\.name|name|someone|somebody|anyone|anybody|me|you|your[-_.].*|first\.?last|firstname\.?lastname|foo|bar|baz|test|tester|example|sample|demo|dummy|fake|email|address)$/;
/** Mailing lists, bug trackers and build robots (`python-dev@`, `bug-automake@`, `ftpmaster@`). */
const LIST_LOCAL = /^(?:bugs?-.+|.+-(?:dev|devel|developers|discuss|sig|users|announce|bugs|team|maintainers|owner|request|help|commits|changes|core|security)|ftpmaster|cdimage|buildd|ftp|www|web)$/;

function isRoleLocal(local: string): boolean {
  const l = local.toLowerCase();
  if (ROLE_LOCAL_PARTS.has(l) || STAND_IN_LOCAL.test(l) || LIST_LOCAL.test(l)) return true;
  // A Message-ID (`1424802164.20800.1652@host`) or a generated id is not a mailbox of a person.
  if (/^[0-9][0-9.]*$/.test(l) || (l.replace(/[^0-9]/g, '').length >= 10 && /[0-9]{6}/.test(l))) return true;
  const base = /^(.*?)[-_.+][a-z0-9]{1,12}$/.exec(l)?.[1];
  return base !== undefined && base !== '' && ROLE_LOCAL_PARTS.has(base);
}

function isCompanyRole(local: string, domain: string, entries: readonly string[]): boolean {
  const l = local.toLowerCase();
  const d = domain.toLowerCase();
  for (const raw of entries) {
    const entry = raw.toLowerCase();
    const at = entry.indexOf('@');
    const el = entry.slice(0, at);
    const ed = entry.slice(at + 1);
    if (el !== '' && el !== l) continue;
    if (ed !== '' && !(el === '' ? d === ed || d.endsWith('.' + ed) : d === ed)) continue;
    return true;
  }
  return false;
}

/** Why: the address identifies nobody (see the list above). */
function identifiesNobody(text: string, s: number, local: string, domain: string, options: EmailOptions): boolean {
  if (RESERVED.test(domain) || ROLE_DOMAIN.test(domain) || /^lists?\./i.test(domain) || isRoleLocal(local)) return true;
  if (options.roleAddresses !== undefined && options.roleAddresses.length > 0 && isCompanyRole(local, domain, options.roleAddresses)) return true;
  const lineStart = text.lastIndexOf('\n', s - 1) + 1;
  const before = text.slice(Math.max(lineStart, s - 120), s);
  if (AI_ATTRIBUTION.test(before)) return true;
  // `scheme://user:` right before: the "local part" is a URL's password.
  if (/:\/\/[^\s/@:]*:$/.test(before)) return true;
  return false;
}

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
  if (local === '' || local.endsWith('.') || local.includes('..') || local.startsWith('-')) return undefined; // `-cert-v01@openssh.com`: an algorithm name
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
  if (identifiesNobody(text, s, local, domain, options)) return undefined;
  return { ruleId: 'pii-email', confidence: 'medium', start: s, end: e, description: 'e-mail address' };
}
