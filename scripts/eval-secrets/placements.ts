/**
 * Realistic files around a value: config formats, source code in several languages, shell history,
 * Dockerfiles, CI files, and agent transcripts (a tool result carrying a file, JSON-escaped). Each
 * placement returns the file's text and the exact characters standing for the value (escaped as the file
 * needs), so the scorer knows where the value is.
 */
import type { Random } from './random.ts';

export interface Placed {
  fileName: string;
  text: string;
  /** The value as written in the file (JSON-escaped in JSON, for instance). */
  written: string;
  placement: string;
}

type Names = { env: string; snake: string; camel: string; pascal: string; dotted: string; kebab: string };

export function names(envName: string): Names {
  const parts = envName.toLowerCase().split(/[_\W]+/).filter(Boolean);
  const cap = (s: string): string => s[0]!.toUpperCase() + s.slice(1);
  return { env: envName.toUpperCase(), snake: parts.join('_'), camel: parts[0]! + parts.slice(1).map(cap).join(''), pascal: parts.map(cap).join(''), dotted: parts.join('.'), kebab: parts.join('-') };
}

const json = (v: string): string => JSON.stringify(v).slice(1, -1);
const toolId = (r: Random): string => `toolu_01${r.chars('ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789', 22)}`;

type Single = (n: Names, v: string, r: Random) => Omit<Placed, 'placement'>;

/** Placements for a one-line value, by name. Every one keeps the variable name next to the value. */
export const SINGLE: Record<string, Single> = {
  dotenv: (n, v) => ({ fileName: '.env', text: `# local development settings\nNODE_ENV=development\nPORT=3000\n${n.env}=${v}\nLOG_LEVEL=debug\n`, written: v }),
  'dotenv-quoted': (n, v) => ({ fileName: '.env.production', text: `APP_NAME="billing-api"\n${n.env}="${v}"\nFEATURE_FLAGS="beta,export"\n`, written: v }),
  yaml: (n, v, r) => {
    const quoted = r.chance(0.5);
    const w = quoted ? v.replace(/"/g, '\\"') : v;
    return { fileName: 'config/application.yaml', text: `server:\n  port: 8080\nintegrations:\n  upload:\n    enabled: true\n    ${n.snake}: ${quoted ? `"${w}"` : w}\n    timeout_ms: 5000\n`, written: w };
  },
  json: (n, v) => ({ fileName: 'config/settings.json', text: `{\n  "service": "reports",\n  "region": "ap-northeast-1",\n  "${n.camel}": "${json(v)}",\n  "retries": 3\n}\n`, written: json(v) }),
  toml: (n, v) => ({ fileName: 'config.toml', text: `[server]\nhost = "0.0.0.0"\n\n[credentials]\n${n.snake} = "${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"\n`, written: v.replace(/\\/g, '\\\\').replace(/"/g, '\\"') }),
  ini: (n, v) => ({ fileName: 'settings.ini', text: `[general]\ndebug = false\n\n[credentials]\n${n.snake} = ${v}\n`, written: v }),
  properties: (n, v) => ({ fileName: 'src/main/resources/application.properties', text: `spring.application.name=orders\nserver.port=8081\napp.${n.dotted}=${v}\n`, written: v }),
  python: (n, v, r) => {
    const w = v.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
    return r.chance(0.5)
      ? { fileName: 'app/settings.py', text: `import os\n\nDEBUG = False\n${n.env} = "${w}"\nALLOWED_HOSTS = ["*"]\n`, written: w }
      : { fileName: 'scripts/sync.py', text: `from acme_client import Client\n\n\ndef main():\n    client = Client(${n.snake}="${w}", timeout=30)\n    client.sync()\n`, written: w };
  },
  javascript: (n, v, r) => {
    const w = v.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
    return r.chance(0.5)
      ? { fileName: 'src/config.js', text: `'use strict';\n\nconst ${n.camel} = '${w}';\n\nmodule.exports = { ${n.camel} };\n`, written: w }
      : { fileName: 'src/client.ts', text: `import { createClient } from './http';\n\nexport const client = createClient({\n  baseUrl: 'https://api.acme-corp.dev',\n  ${n.camel}: '${w}',\n});\n`, written: w };
  },
  go: (n, v) => {
    const w = v.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
    return { fileName: 'internal/config/config.go', text: `package config\n\n// Defaults for local runs.\nconst (\n\tDefaultRegion = "us-east-1"\n\t${n.pascal} = "${w}"\n)\n`, written: w };
  },
  java: (n, v) => {
    const w = v.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
    return { fileName: 'src/main/java/com/acme/Config.java', text: `package com.acme;\n\npublic final class Config {\n    private static final String ${n.env} = "${w}";\n\n    private Config() {}\n}\n`, written: w };
  },
  'shell-history': (n, v) => ({ fileName: '.bash_history', text: `cd ~/src/api\ngit pull\nexport ${n.env}=${shq(v)}\nnpm run deploy\n`, written: shq(v) }),
  dockerfile: (n, v) => ({ fileName: 'Dockerfile', text: `FROM node:24-slim\nWORKDIR /app\nCOPY . .\nENV ${n.env}=${shq(v)}\nRUN npm ci --omit=dev\nCMD ["node", "server.js"]\n`, written: shq(v) }),
  'github-workflow': (n, v) => ({ fileName: '.github/workflows/deploy.yml', text: `name: deploy\non: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    env:\n      ${n.env}: "${v.replace(/"/g, '\\"')}"\n    steps:\n      - uses: actions/checkout@v4\n`, written: v.replace(/"/g, '\\"') }),
  'tool-result': (n, v, r) => {
    const inner = `$ cat .env\nNODE_ENV=production\n${n.env}=${v}\n`;
    return { fileName: 'transcript.jsonl', text: `{"role":"assistant","content":[{"type":"tool_use","id":"${toolId(r)}","name":"Bash","input":{"command":"cat .env"}}]}\n{"role":"user","content":[{"type":"tool_result","tool_use_id":"${toolId(r)}","content":"${json(inner)}"}]}\n`, written: json(v) };
  },
};

/** Shell single quotes when the value needs quoting. */
function shq(v: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`;
}

/** Placements for values with their own recognisable shape (no name needed). */
export const BARE: Record<string, (v: string, r: Random) => Omit<Placed, 'placement'>> = {
  'log-line': (v) => ({ fileName: 'logs/deploy.log', text: `2026-11-30T10:01:12Z INFO starting upload\n2026-11-30T10:01:13Z DEBUG using credential ${v} for the request\n2026-11-30T10:01:14Z INFO done\n`, written: v }),
  'markdown-note': (v) => ({ fileName: 'NOTES.md', text: `# Handover\n\nThe staging job uses \`${v}\` until we rotate it.\n`, written: v }),
  'agent-transcript-text': (v) => ({ fileName: 'session.json', text: `{"messages":[{"role":"user","content":"the deploy fails, here is what I ran: curl -sS https://api.acme-corp.dev/v2/jobs -d key=${json(v)}"}]}\n`, written: json(v) }),
};

/** Placements for a multi-line value (keys). */
export const MULTI: Record<string, (n: Names, v: string, r: Random) => Omit<Placed, 'placement'>> = {
  'key-file': (_n, v) => ({ fileName: 'deploy/keys/server.key', text: `${v}\n`, written: v }),
  'json-escaped': (n, v) => ({ fileName: 'secrets/bundle.json', text: `{\n  "name": "signing",\n  "${n.camel}": "${json(v)}"\n}\n`, written: json(v) }),
  'yaml-block': (n, v) => {
    const block = v.split('\n').map((l) => `    ${l}`).join('\n');
    return { fileName: 'k8s/secret.yaml', text: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: app-keys\nstringData:\n  ${n.kebab}: |\n${block}\n`, written: block.trimStart() };
  },
  'tool-result': (_n, v, r) => {
    const inner = `$ cat ~/.ssh/deploy_key\n${v}\n`;
    return { fileName: 'transcript.jsonl', text: `{"role":"user","content":[{"type":"tool_result","tool_use_id":"${toolId(r)}","content":"${json(inner)}"}]}\n`, written: json(v) };
  },
  'python-string': (n, v) => ({ fileName: 'tests/fixtures.py', text: `${n.env} = """${v}"""\n\n\ndef load():\n    return ${n.env}\n`, written: v }),
};
