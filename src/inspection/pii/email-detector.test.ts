import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanPii, type PiiOptions } from './pii-scanner.ts';

const emails = (text: string, options: PiiOptions = {}): string[] => scanPii(text, options).filter((d) => d.ruleId === 'pii-email').map((d) => d.value);

test('a person\'s address is personal data, in prose, code and commit trailers', () => {
  assert.deepEqual(emails('Write to hanako.yamada@acme.co.jp today'), ['hanako.yamada@acme.co.jp']);
  assert.deepEqual(emails('const owner = "j.smith@corp.io";'), ['j.smith@corp.io']);
  assert.deepEqual(emails('Co-authored-by: Jane Doe <jane.doe@gmail.com>'), ['jane.doe@gmail.com']);
  // A person whose name starts like a role word is still a person.
  assert.deepEqual(emails('infosec lead: helena.info@acme.co.jp, supporter: supportive.sam@acme.co.jp'), ['helena.info@acme.co.jp', 'supportive.sam@acme.co.jp']);
});

test('Claude Code\'s commit attribution and other AI-tool trailers are not personal data', () => {
  assert.deepEqual(emails('- End git commit messages with:\nCo-Authored-By: Claude Opus 5.5 <noreply@anthropic.com>\n'), []);
  assert.deepEqual(emails('Co-Authored-By: Claude <claude@users.noreply.anthropic.com>'), []);
  assert.deepEqual(emails('Co-authored-by: Copilot <175728472+Copilot@users.noreply.github.com>'), []);
  assert.deepEqual(emails('Co-authored-by: Aider (gpt-4o) <aider@aider.chat>'), []);
  // …while a person's address on the next line still is.
  assert.deepEqual(emails('Co-Authored-By: Claude <noreply@anthropic.com>\nCo-Authored-By: Taro <taro@acme.co.jp>'), ['taro@acme.co.jp']);
});

test('role and system addresses, no-reply domains and reserved example domains identify nobody', () => {
  for (const address of [
    'noreply@acme.co.jp', 'no-reply@accounts.google.com', 'do-not-reply@acme.io', 'notifications@github.com', 'MAILER-DAEMON@mx.acme.io',
    'postmaster@acme.io', 'support@stripe.com', 'info@acme.co.jp', 'security@acme.io', 'support-jp@acme.co.jp',
    '12345+octocat@users.noreply.github.com', 'bot@noreply.acme.io', 'anyone@example.com', 'a.person@mail.example.org', 'dev@host.test',
    'x@corp.invalid', 'me@app.localhost', 'jane@team.example', 'user@emaildomain.com', 'your-name@company.co.jp', 'python-dev@python.org',
    'bug-automake@gnu.org', 'lazr-developers@lists.launchpad.net', '142480216486.20800.16526388040877946887@host.acme.io',
  ]) {
    assert.deepEqual(emails(`contact: ${address}`), [], address);
  }
});

test('a URL password is not an address (the credential rule finds it)', () => {
  assert.deepEqual(emails('postgresql://app_user:Tr0ub4dor3x@db.acme.io:5432/orders'), []);
  assert.deepEqual(emails('ftp://alice@files.acme.io/'), ['alice@files.acme.io']);
});

test('configured company role addresses: full address, local part, whole domain', () => {
  const roleAddresses = ['ciso@acme.co.jp', 'it-desk@', '@alerts.acme.co.jp'];
  assert.deepEqual(emails('ciso@acme.co.jp it-desk@other.io pager@alerts.acme.co.jp x@eu.alerts.acme.co.jp', { roleAddresses }), []);
  assert.deepEqual(emails('ciso@other.io taro@acme.co.jp', { roleAddresses }), ['ciso@other.io', 'taro@acme.co.jp']);
});
