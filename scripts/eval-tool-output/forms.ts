/**
 * How a terminal or a tool prints a value: each form takes the name and value (kinds.ts) and returns the
 * text an agent would send back as a tool result. Escape sequences are the ones real programs emit
 * (grep --color, jq -C, git diff --color-words, ls --color, man/less overstrike, hexdump -C, xxd, ...).
 */
import type { Rng } from '../eval-heldout3/rng.ts';

export interface Form {
  id: string;
  render(name: string, value: string, r: Rng): string;
}

const E = '\x1b';
const sgr = (codes: string): string => `${E}[${codes}m`;
const mid = (v: string): number => Math.max(1, Math.floor(v.length / 2));
/** A one-line value: multi-line values (PEM, JSON) are printed by the form line by line where it matters. */
const lines = (v: string): string[] => v.split('\n');

function hexdumpC(text: string): string {
  const b = Buffer.from(text, 'utf8');
  const out: string[] = [];
  for (let o = 0; o < b.length; o += 16) {
    const row = b.subarray(o, o + 16);
    const hex = [...row].map((x) => x.toString(16).padStart(2, '0'));
    const left = hex.slice(0, 8).join(' ');
    const right = hex.slice(8).join(' ');
    const ascii = [...row].map((x) => (x >= 0x20 && x < 0x7f ? String.fromCharCode(x) : '.')).join('');
    out.push(`${o.toString(16).padStart(8, '0')}  ${left.padEnd(23)}  ${right.padEnd(23)}  |${ascii}|`);
  }
  out.push(b.length.toString(16).padStart(8, '0'));
  return out.join('\n');
}

function xxd(text: string): string {
  const b = Buffer.from(text, 'utf8');
  const out: string[] = [];
  for (let o = 0; o < b.length; o += 16) {
    const row = b.subarray(o, o + 16);
    const pairs: string[] = [];
    for (let i = 0; i < row.length; i += 2) pairs.push(row.subarray(i, i + 2).toString('hex'));
    const ascii = [...row].map((x) => (x >= 0x20 && x < 0x7f ? String.fromCharCode(x) : '.')).join('');
    out.push(`${o.toString(16).padStart(8, '0')}: ${pairs.join(' ').padEnd(39)}  ${ascii}`);
  }
  return out.join('\n');
}

/** util.inspect's way of printing a long string inside an object: pieces joined by ` +` on new lines. */
function inspectWrapped(name: string, value: string): string {
  const pieces = value.match(/[\s\S]{1,60}/g) ?? [''];
  const key = name.toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  return `Error: request failed with status 401\n    at Client.request (/app/node_modules/client/index.js:88:11) {\n  config: {\n    ${key}: ${pieces.map((p) => `'${p.replace(/\n/g, '\\n')}'`).join(' +\n      ')},\n    timeout: 30000\n  }\n}`;
}

export const FORMS: Form[] = [
  { id: 'plain', render: (n, v) => `${n}=${v}` },
  { id: 'ansi-around', render: (n, v) => `${sgr('32')}${n}${sgr('0')}=${sgr('1;33')}${v}${sgr('0')}` },
  { id: 'ansi-json-escaped', render: (n, v) => JSON.stringify({ stdout: `${sgr('32')}${n}=${v}${sgr('0')}\n` }) },
  { id: 'grep-color-match', render: (n, v) => `.env:${sgr('32')}${E}[K3${sgr('')}${E}[K${sgr('36')}${E}[K:${sgr('')}${E}[K${n}=${sgr('01;31')}${E}[K${v.slice(0, 4)}${sgr('')}${E}[K${v.slice(4)}` },
  { id: 'ansi-inside', render: (n, v) => `${n}=${v.slice(0, mid(v))}${sgr('1;31')}${v.slice(mid(v))}${sgr('0')}` },
  { id: 'color-words-diff', render: (n, v) => `${sgr('1')}diff --git a/.env b/.env${sgr('')}\n${sgr('36')}@@ -1 +1 @@${sgr('')}\n${n}=${sgr('31')}old${sgr('')}${sgr('32')}${v.slice(0, mid(v))}${sgr('')}${v.slice(mid(v))}` },
  { id: 'ansi-256-truecolor', render: (n, v) => `${sgr('38;5;208')}${n}${sgr('39')}: ${sgr('38;2;255;85;0')}${v.slice(0, mid(v))}${sgr('48;2;0;0;0')}${v.slice(mid(v))}${sgr('0')}` },
  { id: 'jq-color', render: (n, v) => `${sgr('1;39')}{\n  ${sgr('0')}${sgr('34;1')}"${n}"${sgr('0')}${sgr('1;39')}:${sgr('0;32')}${JSON.stringify(v)}${sgr('0')}${sgr('1;39')}\n${sgr('1;39')}}${sgr('0')}` },
  { id: 'cursor-moves', render: (n, v) => `${E}[2K${E}[1G${n}=${v.slice(0, mid(v))}${E}[?25l${E}(B${v.slice(mid(v))}${E}[?25h` },
  { id: 'osc8-hyperlink', render: (n, v) => `${n}: ${E}]8;;https://vault.example.internal/ui/${n}${E}\\${v}${E}]8;;${E}\\` },
  { id: 'cr-progress', render: (n, v) => `Fetching secrets  10%\rFetching secrets  55%\rFetching secrets 100%\r\n${n}=${v}\r\n` },
  { id: 'overstrike-bold', render: (n, v) => `${[...`${n}=${v}`].map((c) => (c === '\n' ? c : `${c}\b${c}`)).join('')}` },
  { id: 'overstrike-underline', render: (n, v) => `${n}=${[...v].map((c) => (c === '\n' ? c : `_\b${c}`)).join('')}` },
  { id: 'cat-A', render: (n, v) => lines(`export\t${n}=${v}`).map((l) => l.replace(/\t/g, '^I') + '$').join('\n') },
  { id: 'set-x', render: (n, v) => `+ set -euo pipefail\n+ export ${n}=${v.includes('\n') ? `'${v}'` : v}\n+ ./deploy.sh` },
  { id: 'word-diff', render: (n, v) => `@@ -3 +3 @@\n[-${n}=changeme-]{+${n}=${v}+}` },
  { id: 'hexdump-C', render: (n, v) => hexdumpC(`${n}=${v}\n`) },
  { id: 'xxd', render: (n, v) => xxd(`${n}=${v}\n`) },
  { id: 'base64-w76', render: (n, v) => (Buffer.from(`# generated\n${n}=${v}\nLOG_LEVEL=info\n`).toString('base64').match(/.{1,76}/g) ?? []).join('\n') },
  { id: 'kubectl-secret-yaml', render: (n, v) => `apiVersion: v1\ndata:\n  ${n}: ${Buffer.from(v).toString('base64')}\nkind: Secret\nmetadata:\n  name: app-secrets\ntype: Opaque` },
  { id: 'docker-inspect-env', render: (n, v) => `[\n    {\n        "Config": {\n            "Env": [\n                "PATH=/usr/local/bin:/usr/bin",\n                ${JSON.stringify(`${n}=${v}`)},\n                "NODE_ENV=production"\n            ]\n        }\n    }\n]` },
  { id: 'env-sort', render: (n, v) => `HOME=/home/dev\nLANG=C.UTF-8\n${n}=${v}\nPATH=/usr/bin:/bin\nPWD=/home/dev/app` },
  { id: 'git-remote-url', render: (_n, v) => `origin\thttps://deploy:${encodeURIComponent(v)}@github.com/acme/app.git (fetch)\norigin\thttps://deploy:${encodeURIComponent(v)}@github.com/acme/app.git (push)` },
  { id: 'curl-v-bearer', render: (_n, v) => `*   Trying 10.0.0.5:443...\n> GET /v1/me HTTP/1.1\n> Host: api.example.internal\n> Authorization: Bearer ${v.replace(/\n/g, '')}\n> Accept: */*\n>\n< HTTP/1.1 200 OK` },
  { id: 'python-traceback-locals', render: (n, v) => `Traceback (most recent call last):\n  File "/app/sync.py", line 41, in <module>\n    main()\n  File "/app/sync.py", line 33, in main\n    client = Client(${n.toLowerCase()})\n    ${n.toLowerCase()} = ${JSON.stringify(v).replace(/^"|"$/g, "'")}\nRuntimeError: authentication failed` },
  { id: 'node-inspect-wrapped', render: (n, v) => inspectWrapped(n, v) },
  { id: 'go-struct-dump', render: (n, v) => `config: &app.Config{Host:"db.internal", Port:5432, ${n.split('_').map((w) => w[0] + w.slice(1).toLowerCase()).join('')}:${JSON.stringify(v)}, Debug:false}` },
  { id: 'sql-log', render: (n, v) => `2026-12-07 10:14:03 UTC [4121] LOG:  statement: UPDATE service_credentials SET ${n.toLowerCase()} = '${v.replace(/'/g, "''")}' WHERE id = 7;` },
  { id: 'ci-add-mask', render: (n, v) => `::add-mask::${v}\n::group::Configure\nSetting ${n}\n::endgroup::` },
  { id: 'box-table', render: (n, v) => { const w = Math.max(n.length, 4); const row = (a: string, b: string): string => `│ ${a.padEnd(w)} │ ${b} │`; return [`┌${'─'.repeat(w + 2)}┬──────┐`, row('NAME', 'VALUE'), `├${'─'.repeat(w + 2)}┼──────┤`, ...lines(v).map((l, i) => row(i === 0 ? n : '', l)), `└${'─'.repeat(w + 2)}┴──────┘`].join('\n'); } },
  { id: 'hard-wrap-80', render: (n, v) => (`${n}=${v.replace(/\n/g, '\\n')}`.match(/.{1,80}/g) ?? []).join('\n') },
];
