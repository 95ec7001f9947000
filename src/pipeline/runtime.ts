import type { Config } from '../config/types.ts';
import type { Logger } from '../log.ts';
import type { Router } from '../routing/router.ts';
import type { Backend } from '../backends/backend.ts';
import type { Inspector } from '../inspection/inspector.ts';
import type { VaultStore } from '../redaction/vault.ts';
import type { StateStore } from '../store/ports.ts';
import type { AuditTrail } from '../audit/trail.ts';
import type { PolicyService } from '../policy/policy-service.ts';
import type { Authenticator } from '../identity/authenticate.ts';
import type { KeyStore } from '../identity/key-store.ts';
import type { OwnCodeIndexSource } from '../inspection/own-code/index-source.ts';
import type { ChangeFanOut } from '../fanout/change-fan-out.ts';
import type { TurnTailStore } from '../inspection/turn-tail-store.ts';

/** Gateway-wide services the stages use. Built once at start (see `server/gateway.ts`). */
export interface Runtime {
  config: Config;
  log: Logger;
  router: Router;
  backends: Map<string, Backend>;
  inspector: Inspector;
  /**
   * Originals of redacted values, per conversation, sealed before they reach the vault port: this
   * process's memory, the store's shared vault (Redis, PostgreSQL), or with `--workers N` a SQLite file
   * the workers share (store/sqlite/shared-vault.ts).
   */
  vaults: VaultStore;
  /** Per-installation key for placeholders (and finding hashes, via the inspector). */
  secretKey: Buffer;
  /** The state store: keys, audit trail, limit counters, sticky pins, meta (store/ports.ts; SQLite by default). */
  store: StateStore;
  /** The tamper-evident audit trail (absent when `audit.enabled` is false). */
  audit?: AuditTrail;
  /** The policy in force (hot-reloaded), sessions pinned internal, model zones. */
  policy: PolicyService;
  /** Credential → principal (gateway keys, OIDC tokens, anonymous when allowed); model APIs and the admin API. */
  authenticator: Authenticator;
  /** Gateway API keys (hashes only). */
  keys: KeyStore;
  /** The own-code index in force, reloaded when `sekisho index add | rm` rebuilds it (absent when own-code is off or not wired). */
  ownCode?: OwnCodeIndexSource;
  /** Fan-out of policy reloads and own-code index changes to the other instances (absent: no shared store). */
  fanOut?: ChangeFanOut;
  /** Ends of answered Responses turns per caller and response id, for `previous_response_id` joins (absent: no joins). */
  turnTails?: TurnTailStore;
}
