import type { Logger } from '../logger';
import type { Runtime } from '../runtime/runtime';
import type { StartupGate } from './startup-gate';

/** What every service is started with besides its settings: the process's runtime, logger and start-up work. */
export interface StartServices {
  runtime: Runtime;
  logger: Logger;
  /** Shared by the gateway and the subgraphs: subgraphs answer only requests signed with it. */
  subgraphSecret: string;
  /** Start-up work (demo data) every service's readiness waits for. */
  startup?: StartupGate;
}
