import type { LadingConfig } from '../config';
import { SUBGRAPH_NAMES } from '../subgraph-names';

/** A server could not bind because something else already listens on its port. */
export class PortInUseError extends Error {
  constructor(
    readonly host: string,
    readonly port: number,
  ) {
    super(`port ${port} on ${host} is already in use`);
  }
}

/** The setting that chose `port`, so the message can say what to change. */
function settingFor(port: number, config: LadingConfig): string | undefined {
  if (config.gatewayPort === port) return 'LADING_GATEWAY_PORT';
  const name = SUBGRAPH_NAMES.find((n) => config.subgraphPorts[n] === port);
  return name ? `LADING_${name.toUpperCase()}_PORT` : undefined;
}

/** One sentence a newcomer can act on: which port, which setting, what to do. */
export function explainPortInUse(error: PortInUseError, config: LadingConfig): string {
  const setting = settingFor(error.port, config);
  const change = setting ? `or set ${setting} to a free port, e.g. ${setting}=${error.port + 100}` : 'or choose another port';
  return `${error.message} (${setting ?? 'port setting'}): stop the process using it (another \`npm start\`?) ${change}`;
}
