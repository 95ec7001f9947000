/** Clean tool output that must raise nothing at medium or above: masked values, hashes, ids, coloured output. */
import { HX, Rng, UAN } from '../eval-heldout3/rng.ts';

const E = '\x1b';
export const NEGATIVES: Array<[string, (r: Rng) => string]> = [
  ['aws-configure-list-masked', (r) => `      Name                    Value             Type    Location\n      ----                    -----             ----    --------\n   profile                <not set>             None    None\naccess_key     ****************${r.s(UAN, 4)} shared-credentials-file\nsecret_key     ****************${r.s(UAN, 4)} shared-credentials-file\n    region                ap-northeast-1      config-file    ~/.aws/config`],
  ['masked-assignments', (r) => `AWS_ACCESS_KEY_ID=AKIA****************\nGITHUB_TOKEN=ghp_************************************\nDB_PASSWORD=********\nSTRIPE_SECRET_KEY=sk_live_...${r.s(UAN, 4)}\nOPENAI_API_KEY=[REDACTED]`],
  ['git-log-color', (r) => Array.from({ length: 5 }, () => `${E}[33m${r.s(HX, 7)}${E}[m ${E}[33m(${E}[1;36mHEAD -> ${E}[1;32mmain${E}[33m)${E}[m fix: handle empty token list`).join('\n')],
  ['sha-sums', (r) => Array.from({ length: 4 }, (_, i) => `${r.s(HX, 64)}  dist/app-${i}.tar.gz`).join('\n')],
  ['ls-color', () => `${E}[0m${E}[01;34msrc${E}[0m  ${E}[01;34mtest${E}[0m  ${E}[01;32mbuild.sh${E}[0m  package.json  ${E}[01;31mrelease.tar.gz${E}[0m`],
  ['npm-test-color', (r) => `${E}[32m✔${E}[39m parses tokens ${E}[90m(${r.int(90)}.${r.int(9)}ms)${E}[39m\n${E}[32m✔${E}[39m rejects expired session ${E}[90m(3.1ms)${E}[39m\n${E}[34mℹ${E}[39m tests 2\n${E}[34mℹ${E}[39m pass 2`],
  ['docker-ps', (r) => `CONTAINER ID   IMAGE          COMMAND                  STATUS\n${r.s(HX, 12)}   postgres:16    "docker-entrypoint.s…"   Up 2 hours\n${r.s(HX, 12)}   redis:7        "redis-server"           Up 2 hours`],
  ['progress-bar', () => `Downloading  ${E}[32m━━━━━━━━━━${E}[0m  10%\rDownloading  ${E}[32m━━━━━━━━━━━━━━━━━━━━${E}[0m 100%\r\nDone.`],
  ['uuid-table', (r) => `│ id                                   │ status │\n├──────────────────────────────────────┼────────┤\n│ ${r.uuid()} │ active │\n│ ${r.uuid()} │ paused │`],
  ['overstrike-man', () => `N\bNA\bAM\bME\bE\n       git-config - Get and set repository or global options\n\nS\bSY\bYN\bNO\bOP\bPS\bSI\bIS\bS\n       g\bgi\bit\bt c\bco\bon\bnf\bfi\big\bg [_\b<_\bf_\bi_\bl_\be_\b-_\bo_\bp_\bt_\bi_\bo_\bn_\b>]`],
];
