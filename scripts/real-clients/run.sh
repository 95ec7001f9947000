#!/usr/bin/env bash
# Manual acceptance check: the REAL Claude Code, Codex and opencode binaries complete a tool-using
# session through Sekisho, in front of a recording fake upstream. Not part of `npm test`.
#
#   scripts/real-clients/run.sh [-c CLIENTS_DIR] [-o OUT_DIR] [-f FAKE_UPSTREAM] [scenario ...]
#   scripts/real-clients/run.sh -l          # list scenarios
#
# See README.md beside this file for the install step, the scenarios and how to read the results.
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
CLIENTS_DIR=${CLIENTS_DIR:-/tmp/clients}
FAKE_UPSTREAM=${FAKE_UPSTREAM:-$REPO/../shared/reference/clients/fake-upstream.mjs}
OUT=${OUT:-/tmp/sekisho-real-clients/run-$(date +%Y%m%d-%H%M%S)}
TMO=${TMO:-150}
NODE=${NODE:-$REPO/node_modules/.bin/node}
REPLY='FAKE_REPLY_OK'

DEFAULT_SCENARIOS="claude-chat codex-chat codex-code-chat opencode-chat opencode-anthropic opencode-responses \
claude-passthrough codex-passthrough codex-code-passthrough opencode-anthropic-passthrough opencode-responses-passthrough"
EXTRA_SCENARIOS="codex-code-chat-bare"
# Refusal set: the tool result carries a private key; policy blocks it (check-block.mjs judges the run).
BLOCK_SCENARIOS="claude-block codex-block opencode-chat-block opencode-anthropic-block opencode-responses-block"
# Redact set, under the worked example policy (examples/policy.yaml): the tool result carries an API
# key; it is redacted on the way to an external backend and restored in the answer (check-redact.mjs).
REDACT_SCENARIOS="claude-redact claude-redact-chat codex-redact codex-redact-chat opencode-chat-redact opencode-anthropic-redact"
# Policy set: examples/policy.yaml as-is, each client against an external backend (check-policy.mjs,
# check-redact.mjs, check-block.mjs): a benign prompt passes unchanged, a secret in the prompt is redacted
# and restored, the model writes the placeholder into a file (the file gets the value), a tool result
# reading a secret is redacted, a private key in the prompt is blocked once with a clear message.
POLICY_CLIENTS="claude codex opencode"
POLICY_SCENARIOS="$(for k in benign prompt write; do for c in $POLICY_CLIENTS; do printf 'policy-%s-%s ' "$k" "$c"; done; done)\
claude-redact codex-redact opencode-chat-redact $(for c in $POLICY_CLIENTS; do printf 'policy-block-%s ' "$c"; done)"

usage() { sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; }
while getopts "c:o:f:lh" opt; do
  case $opt in
    c) CLIENTS_DIR=$OPTARG ;;
    o) OUT=$OPTARG ;;
    f) FAKE_UPSTREAM=$OPTARG ;;
    l) echo "default: $DEFAULT_SCENARIOS"; echo "extra:   $EXTRA_SCENARIOS"; echo "block:   $BLOCK_SCENARIOS (or: block)"
       echo "redact:  $REDACT_SCENARIOS (or: redact)"; echo "policy:  $POLICY_SCENARIOS (or: policy)"; exit 0 ;;
    *) usage; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
SCENARIOS=${*:-$DEFAULT_SCENARIOS}
[ "$SCENARIOS" = block ] && SCENARIOS=$BLOCK_SCENARIOS
[ "$SCENARIOS" = redact ] && SCENARIOS=$REDACT_SCENARIOS
[ "$SCENARIOS" = policy ] && SCENARIOS=$POLICY_SCENARIOS

die() { echo "run.sh: $*" >&2; exit 2; }
[ -x "$NODE" ] || die "no Node 24 at $NODE (run npm install in $REPO, or set NODE=)"
[ -f "$FAKE_UPSTREAM" ] || die "fake upstream not found: $FAKE_UPSTREAM (set FAKE_UPSTREAM= or -f)"
BIN=$CLIENTS_DIR/node_modules/.bin
for c in claude codex opencode; do [ -x "$BIN/$c" ] || die "$BIN/$c missing: install the clients first (see README.md)"; done
command -v curl > /dev/null || die "curl is needed"
STRACE=${STRACE:-$(command -v strace || true)}

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
WORK=$OUT/repo          # the project the clients work in
KEY=AKIAIOSFODNN7EXAMPLE
SECRET_FILE=$WORK/config.env
PEM_FILE=$WORK/deploy_key.pem   # read by the block scenarios
TOKEN_FILE=$WORK/token.env      # read by the redact scenarios

# ---------------------------------------------------------------------------------------------
# Processes started here; stopped by PID only.
PIDS=()
stop_pids() {
  for p in "${PIDS[@]}"; do kill "$p" 2> /dev/null; done
  for p in "${PIDS[@]}"; do wait "$p" 2> /dev/null; done
  PIDS=()
}
trap stop_pids EXIT
trap 'stop_pids; exit 130' INT TERM

free_port() { "$NODE" -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

make_pem() {  # a private-key-shaped file (random bytes, not a real key), for the block scenarios
  [ -f "$PEM_FILE" ] && return
  { echo '-----BEGIN OPENSSH PRIVATE KEY-----'
    "$NODE" -e 'console.log(require("crypto").randomBytes(288).toString("base64").match(/.{1,64}/g).join("\n"))'
    echo '-----END OPENSSH PRIVATE KEY-----'; } > "$PEM_FILE"
}

make_token() {  # an Anthropic-format API key (random, not a real key), for the redact scenarios
  [ -f "$TOKEN_FILE" ] && return
  printf 'ANTHROPIC_API_KEY=sk-ant-api03-%sAA\n' \
    "$("$NODE" -e 'console.log(require("crypto").randomBytes(90).toString("base64url").slice(0, 93))')" > "$TOKEN_FILE"
}

make_repo() {
  [ -d "$WORK/.git" ] && return
  mkdir -p "$WORK" && cd "$WORK" || exit 2
  git init -q
  printf '%s\n' '# deployment config (fake credentials for gateway testing)' "AWS_ACCESS_KEY_ID=$KEY" \
    'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' 'REGION=us-east-1' > config.env
  printf '%s\n' '# demo repo' > README.md
  git add . && git -c user.name=t -c user.email=t@t commit -qm init
  cd "$OUT" || exit 2
}

# Project instructions the clients read on their own (Claude Code: CLAUDE.md; Codex, opencode: AGENTS.md),
# left untracked so git status lists them too: benign content that must not trip the inspector.
add_project_docs() {
  for f in CLAUDE.md AGENTS.md; do [ -f "$WORK/$f" ] || cp "$HERE/project/$f" "$WORK/$f"; done
}

# start_fake DIR [VAR=value ...]: recording fake on a free loopback port; sets FAKE_PORT
start_fake() {
  local dir=$1; shift
  FAKE_PORT=$(free_port)
  env PORT="$FAKE_PORT" HOST=127.0.0.1 LOG_DIR="$dir/fake" TOOL_MODE=on TOOL_FILE="$SECRET_FILE" QUIET=1 "$@" \
    "$NODE" "$FAKE_UPSTREAM" > "$dir/fake.out" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 400); do [ -f "$dir/fake/server.json" ] && return 0; sleep 0.05; done
  echo "fake upstream did not start (see $dir/fake.out)" >&2; return 1
}

# start_gateway DIR ARGS...: sekisho serve on a free port; sets GW_PORT
start_gateway() {
  local dir=$1; shift
  GW_PORT=$(free_port)
  (cd "$REPO" && exec "$NODE" bin/sekisho.js serve --port "$GW_PORT" --data-dir "$dir/gw-data" "$@") > "$dir/gateway.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 300); do curl -sf -o /dev/null "http://127.0.0.1:$GW_PORT/healthz" && return 0; sleep 0.1; done
  echo "gateway did not start (see $dir/gateway.log)" >&2; return 1
}

# fake_config DIR APIS [POLICY]: one openai backend on the fake with the given APIs (stated, so serve's
# start-up probe does not learn that the fake answers every route), catch-all route, optional policy file.
#   [chat, responses]: passthrough for Codex; [chat, completions, embeddings]: translation scenarios.
fake_config() {
  local policy_line=
  [ -n "${3:-}" ] && policy_line="policy: { file: $3 }"
  cat > "$1/sekisho.yaml" << EOF
log: { level: info, format: json }
$policy_line
backends:
  - name: fake
    type: openai
    url: http://127.0.0.1:$FAKE_PORT/v1
    apis: $2
routes:
  - match: "*"
    targets: [{ backend: fake }]
EOF
}

# Config for the block scenarios: the fake serves chat and responses; a policy blocks private keys.
block_config() {
  cat > "$1/policy.yaml" << EOF
default: allow
rules:
  - name: no-private-keys
    action: block
    reason: a private key must never be sent to a model
    when:
      findings: { rule: [sekisho-private-key, private-key] }
EOF
  fake_config "$1" "[chat, responses]" "$1/policy.yaml"
}

# Fresh HOME per run; every setting below keeps the client off the internet.
client_env_common() {
  export HOME=$1/home
  rm -rf "$HOME" && mkdir -p "$HOME"
  export PATH=$BIN:$PATH
}
claude_env() {
  client_env_common "$1"
  export ANTHROPIC_BASE_URL=http://127.0.0.1:$GW_PORT ANTHROPIC_API_KEY=sekisho-test
  export CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 DISABLE_TELEMETRY=1 DISABLE_AUTOUPDATER=1 DISABLE_ERROR_REPORTING=1
}
codex_env() {  # $1 dir, $2 model line ('' = Codex default model -> code mode)
  client_env_common "$1"
  export CODEX_HOME=$HOME/.codex SEKISHO_TEST_KEY=sekisho-test
  mkdir -p "$CODEX_HOME"
  cat > "$CODEX_HOME/config.toml" << EOF
$2
model_provider = "sekisho"
approval_policy = "never"
sandbox_mode = "danger-full-access"
check_for_update_on_startup = false

[analytics]
enabled = false

[features]
plugins = false
remote_plugin = false
apps = false

[model_providers.sekisho]
name = "Sekisho gateway"
base_url = "http://127.0.0.1:$GW_PORT/v1"
env_key = "SEKISHO_TEST_KEY"
wire_api = "responses"
EOF
}
opencode_env() {  # $1 dir, $2 wire: chat | anthropic | responses
  client_env_common "$1"
  local npm model small
  case $2 in
    chat) npm=@ai-sdk/openai-compatible; model=fake-model; small=fake-model ;;
    anthropic) npm=@ai-sdk/anthropic; model=claude-sonnet-4-5; small=claude-haiku-4-5 ;;
    responses) npm=@ai-sdk/openai; model=gpt-5; small=gpt-5 ;;
  esac
  export OPENCODE_CONFIG=$HOME/opencode.json
  cat > "$OPENCODE_CONFIG" << EOF
{
  "\$schema": "https://opencode.ai/config.json",
  "autoupdate": false,
  "share": "disabled",
  "model": "gw/$model",
  "small_model": "gw/$small",
  "enabled_providers": ["gw"],
  "permission": { "edit": "allow", "bash": "allow", "read": "allow" },
  "provider": {
    "gw": {
      "npm": "$npm",
      "name": "Sekisho gateway ($2)",
      "options": { "baseURL": "http://127.0.0.1:$GW_PORT/v1", "apiKey": "sekisho-test" },
      "models": {
        "$model": { "name": "M", "tool_call": true, "limit": { "context": 200000, "output": 8192 } },
        "$small": { "name": "S", "tool_call": true, "limit": { "context": 200000, "output": 8192 } }
      }
    }
  }
}
EOF
  export OPENCODE_DISABLE_MODELS_FETCH=1 OPENCODE_DISABLE_AUTOUPDATE=1 OPENCODE_DISABLE_DEFAULT_PLUGINS=1 \
    OPENCODE_DISABLE_LSP_DOWNLOAD=1 OPENCODE_DISABLE_SHARE=1
  # opencode installs @opencode-ai/plugin in the background even with --pure: point the registry at a
  # dead loopback port so that attempt fails locally instead of reaching the npm registry.
  export NPM_CONFIG_REGISTRY=http://127.0.0.1:9/ BUN_CONFIG_REGISTRY=http://127.0.0.1:9/
}

# run_client DIR CMD...: runs in the test repo with timeout (+ strace connect log when available)
run_client() {
  local dir=$1; shift
  printf '%q ' "$@" > "$dir/command.txt"
  local start end rc
  start=$(date +%s.%N)
  if [ -n "$STRACE" ]; then
    (cd "$WORK" && timeout -k 5 "$TMO" "$STRACE" -f -qq -e trace=connect -o "$dir/strace.txt" "$@" < /dev/null > "$dir/stdout.txt" 2> "$dir/stderr.txt")
  else
    (cd "$WORK" && timeout -k 5 "$TMO" "$@" < /dev/null > "$dir/stdout.txt" 2> "$dir/stderr.txt")
  fi
  rc=$?
  end=$(date +%s.%N)
  echo "$rc" > "$dir/exit_code"
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f\n", e - s }' > "$dir/elapsed_s"
}

# ---------------------------------------------------------------------------------------------
# scenario NAME -> client, upstream kind, expected gateway mode, expected upstream path
scenario() {
  local s=$1 dir=$OUT/$1
  rm -rf "$dir" && mkdir -p "$dir"
  local client mode upath fakeenv=() gwargs=()
  case $s in
    claude-chat) client=claude; mode=translate; upath=/v1/chat/completions ;;
    codex-chat) client=codex-fn; mode=translate; upath=/v1/chat/completions ;;
    codex-code-chat) client=codex-code; mode=translate; upath=/v1/chat/completions
      # A Chat model answers the wrapped custom tool `exec` with {"input": "<JavaScript>"}.
      local js="const r = await tools.exec_command({ cmd: \"cat $SECRET_FILE\" });
text(r.output);
"
      fakeenv=(TOOL_NAME=exec "TOOL_ARGS=$("$NODE" -e 'console.log(JSON.stringify({input: process.argv[1]}))' "$js")") ;;
    codex-code-chat-bare) client=codex-code; mode=translate; upath=/v1/chat/completions ;;
    opencode-chat) client=opencode-chat; mode=passthrough; upath=/v1/chat/completions ;;
    opencode-anthropic) client=opencode-anthropic; mode=translate; upath=/v1/chat/completions ;;
    opencode-responses) client=opencode-responses; mode=translate; upath=/v1/chat/completions ;;
    claude-passthrough) client=claude; mode=passthrough; upath=/v1/messages ;;
    codex-passthrough) client=codex-fn; mode=passthrough; upath=/v1/responses ;;
    codex-code-passthrough) client=codex-code; mode=passthrough; upath=/v1/responses ;;
    opencode-anthropic-passthrough) client=opencode-anthropic; mode=passthrough; upath=/v1/messages ;;
    opencode-responses-passthrough) client=opencode-responses; mode=passthrough; upath=/v1/responses ;;
    claude-block) client=claude; mode=block ;;
    codex-block) client=codex-fn; mode=block ;;
    opencode-chat-block | opencode-anthropic-block | opencode-responses-block) client=${s%-block}; mode=block ;;
    claude-redact) client=claude; mode=redact; upath=anthropic ;;
    claude-redact-chat) client=claude; mode=redact; upath=openai ;;
    codex-redact) client=codex-fn; mode=redact; upath=openai ;;
    codex-redact-chat) client=codex-fn; mode=redact; upath=chat-only ;;
    opencode-chat-redact) client=opencode-chat; mode=redact; upath=openai ;;
    opencode-anthropic-redact) client=opencode-anthropic; mode=redact; upath=anthropic ;;
    policy-*-claude | policy-*-codex | policy-*-opencode)
      local kind=${s#policy-}; kind=${kind%-*}
      client=${s##*-}; [ "$client" = codex ] && client=codex-fn; [ "$client" = opencode ] && client=opencode-chat
      policy_scenario "$s" "$dir" "$client" "$kind"; return ;;
    *) echo "unknown scenario: $s (see -l)" >&2; return 2 ;;
  esac
  if [ "$mode" = block ]; then block_scenario "$s" "$dir" "$client"; return; fi
  if [ "$mode" = redact ]; then redact_scenario "$s" "$dir" "$client" "$upath"; return; fi
  start_fake "$dir" "${fakeenv[@]}" || return 1
  case $s in
    claude-passthrough | opencode-anthropic-passthrough) gwargs=(--upstream "http://127.0.0.1:$FAKE_PORT/v1" --upstream-type anthropic) ;;
    codex-passthrough | codex-code-passthrough | opencode-responses-passthrough) fake_config "$dir" "[chat, responses]"; gwargs=(--config "$dir/sekisho.yaml") ;;
    *) fake_config "$dir" "[chat, completions, embeddings]"; gwargs=(--config "$dir/sekisho.yaml") ;;
  esac
  start_gateway "$dir" "${gwargs[@]}" || { stop_pids; return 1; }
  (
    case $client in
      claude) claude_env "$dir"
        run_client "$dir" claude -p "Read config.env and tell me what is in it" --output-format json --allowedTools Read ;;
      codex-fn) codex_env "$dir" 'model = "fake-model"'
        run_client "$dir" codex exec --json "Show me what is in config.env" ;;
      codex-code) codex_env "$dir" ''
        run_client "$dir" codex exec --json "Show me what is in config.env" ;;
      opencode-*) opencode_env "$dir" "${client#opencode-}"
        run_client "$dir" opencode run --pure --format json "Show me what is in config.env" ;;
    esac
  )
  sleep 0.3   # let the gateway write its last access-log line
  stop_pids
  "$NODE" "$HERE/check.mjs" "$dir" "$s" "$client" "$mode" "$upath" "$KEY" "$REPLY"
}

# ask_client DIR CLIENT PROMPT: one session of CLIENT (claude, codex-fn, opencode-*) with PROMPT.
ask_client() {
  local dir=$1 client=$2 prompt=$3
  (
    case $client in
      claude) claude_env "$dir"
        run_client "$dir" claude -p "$prompt" --output-format json --allowedTools "${CLAUDE_TOOLS:-Read}" ;;
      codex-fn) codex_env "$dir" 'model = "fake-model"'
        run_client "$dir" codex exec --json "$prompt" ;;
      opencode-*) opencode_env "$dir" "${client#opencode-}"
        run_client "$dir" opencode run --pure --format json "$prompt" ;;
    esac
  )
}

# block_scenario NAME DIR CLIENT: the model asks to read deploy_key.pem; the request carrying it is
# blocked. Judged by check-block.mjs: the client shows the policy message once, without retrying.
block_scenario() {
  local s=$1 dir=$2 client=$3 prompt="Show me what is in deploy_key.pem"
  start_fake "$dir" TOOL_FILE="$PEM_FILE" || return 1
  block_config "$dir"
  start_gateway "$dir" --config "$dir/sekisho.yaml" || { stop_pids; return 1; }
  ask_client "$dir" "$client" "$prompt"
  sleep 0.3
  stop_pids
  "$NODE" "$HERE/check-block.mjs" "$dir" "$s" "$client"
}

# Config for the redact scenarios: the worked example policy; the external backend is the echo proxy
# in front of the fake (type $2: anthropic, openai with chat+responses, or chat-only); an internal one
# serves the policy's internal model.
redact_config() {
  local dir=$1 kind=$2 type=openai apis="[chat, responses]"
  case $kind in
    anthropic) type=anthropic; apis="[messages]" ;;
    chat-only) apis="[chat]" ;;
  esac
  cp "$REPO/examples/policy.yaml" "$dir/policy.yaml"
  local url=http://127.0.0.1:$ECHO_PORT/v1
  cat > "$dir/sekisho.yaml" << EOF
log: { level: info, format: json }
policy: { file: $dir/policy.yaml }
backends:
  - name: external
    type: $type
    url: $url
    apis: $apis
    zone: external
  - name: internal
    type: openai
    url: $url
    apis: [chat]
    zone: internal
routes:
  - match: coder
    targets: [{ backend: internal }]
  - match: "*"
    targets: [{ backend: external }]
EOF
}

# redact_scenario NAME DIR CLIENT KIND: the model asks to read token.env; the key is redacted on the way
# out and the echo proxy quotes its placeholder back. Judged by check-redact.mjs.
redact_scenario() {
  local s=$1 dir=$2 client=$3 kind=$4 prompt="Show me what is in token.env"
  start_fake "$dir" TOOL_FILE="$TOKEN_FILE" || return 1
  ECHO_PORT=$(free_port)
  PORT=$ECHO_PORT TARGET=http://127.0.0.1:$FAKE_PORT MARKER=$REPLY "$NODE" "$HERE/echo-proxy.mjs" > "$dir/echo.out" 2>&1 &
  PIDS+=($!)
  redact_config "$dir" "$kind"
  start_gateway "$dir" --config "$dir/sekisho.yaml" || { stop_pids; return 1; }
  ask_client "$dir" "$client" "$prompt"
  sleep 0.3
  stop_pids
  local secret
  secret=$(sed -n 's/^ANTHROPIC_API_KEY=//p' "$TOKEN_FILE")
  "$NODE" "$HERE/check-redact.mjs" "$dir" "$s" "$client" "$secret" "$REPLY"
}

# policy_scenario NAME DIR CLIENT KIND (benign | prompt | write | block): examples/policy.yaml as-is, an
# external backend of the client's own API (passthrough), the scripted model (script-proxy.mjs) in front
# of the fake, and a tap (tap-proxy.mjs) recording what the client sent.
policy_scenario() {
  local s=$1 dir=$2 client=$3 kind=$4 prompt fakeenv=(TOOL_MODE=off) backend=openai secret out=
  secret=$(new_token)
  echo "$secret" > "$dir/planted.txt"   # for scripts/check-client-captures.ts: a finding on it is expected
  case $client in claude) backend=anthropic ;; esac
  case $kind in
    benign) prompt="What is the capital of France? Answer in one word." ;;
    prompt) prompt="My deploy token is $secret - please repeat it back to me exactly." ;;
    write)
      out=$WORK/saved-${s##*-}.env
      rm -f "$out"
      prompt="Save my deploy token $secret into ${out##*/} as DEPLOY_TOKEN."
      local args
      case $client in
        claude) args=$(json_args file_path "$out" content 'DEPLOY_TOKEN=@@PLACEHOLDER@@\n'); fakeenv=(TOOL_MODE=on TOOL_NAME=Write "TOOL_ARGS=$args") ;;
        codex-fn) args=$(json_args cmd "echo 'DEPLOY_TOKEN=@@PLACEHOLDER@@' > $out"); fakeenv=(TOOL_MODE=on TOOL_NAME=exec_command "TOOL_ARGS=$args") ;;
        opencode-*) args=$(json_args filePath "$out" content 'DEPLOY_TOKEN=@@PLACEHOLDER@@\n'); fakeenv=(TOOL_MODE=on TOOL_NAME=write "TOOL_ARGS=$args") ;;
      esac ;;
    block)
      prompt="Is this deploy key well formed?"$'\n'"$(cat "$PEM_FILE")" ;;
  esac
  start_fake "$dir" "${fakeenv[@]}" || return 1
  ECHO_PORT=$(free_port)
  PORT=$ECHO_PORT TARGET=http://127.0.0.1:$FAKE_PORT MARKER=$REPLY "$NODE" "$HERE/script-proxy.mjs" > "$dir/proxy.out" 2>&1 &
  PIDS+=($!)
  redact_config "$dir" "$backend"
  start_gateway "$dir" --config "$dir/sekisho.yaml" || { stop_pids; return 1; }
  local tap_port
  tap_port=$(free_port)
  PORT=$tap_port TARGET=http://127.0.0.1:$GW_PORT DIR=$dir/tap "$NODE" "$HERE/tap-proxy.mjs" > "$dir/tap.out" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$tap_port/healthz" && break; sleep 0.1; done
  GW_PORT=$tap_port CLAUDE_TOOLS=$([ "$kind" = write ] && echo Write || echo Read) ask_client "$dir" "$client" "$prompt"
  sleep 0.3
  stop_pids
  if [ "$kind" = block ]; then
    "$NODE" "$HERE/check-block.mjs" "$dir" "$s" "$client"
  else
    "$NODE" "$HERE/check-policy.mjs" "$dir" "$s" "$client" "$kind" "$secret" "$REPLY" "$out"
  fi
}

new_token() {  # an Anthropic-format API key (random, not a real key)
  printf 'sk-ant-api03-%sAA' "$("$NODE" -e 'console.log(require("crypto").randomBytes(90).toString("base64url").slice(0, 93))')"
}
json_args() {  # json_args KEY VALUE ...: a JSON object of string values
  "$NODE" -e 'const a = process.argv.slice(1), o = {}; for (let i = 0; i < a.length; i += 2) o[a[i]] = a[i + 1].replace(/\\n/g, "\n"); console.log(JSON.stringify(o))' "$@"
}

make_repo
add_project_docs
make_pem
make_token
echo "output: $OUT"
printf '%-32s %-4s %-6s %-6s %-6s %-6s %-7s %s\n' scenario exit time answer paired key verdict "upstream requests | gateway statuses | notes"
fail=0
for s in $SCENARIOS; do
  scenario "$s" || fail=1
done
echo "details: $OUT/<scenario>/{stdout.txt,stderr.txt,gateway.log,fake/,result.json}"
exit $fail
