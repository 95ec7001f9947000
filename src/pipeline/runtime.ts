import type { Config } from '../config/types.ts';
import type { Logger } from '../log.ts';
import type { Router } from '../routing/router.ts';
import type { Backend } from '../backends/backend.ts';

/** Gateway-wide services the stages use. Built once at start (see `server/gateway.ts`). */
export interface Runtime {
  config: Config;
  log: Logger;
  router: Router;
  backends: Map<string, Backend>;
}
