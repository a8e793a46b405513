import type { LadingConfig } from '../config';
import { subgraphSettingName } from '../settings';
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

/** Every port of the stack with the setting that chose it, the gateway first. */
function stackPorts(config: LadingConfig): [setting: string, port: number][] {
  return [
    ['LADING_GATEWAY_PORT', config.gatewayPort],
    ...SUBGRAPH_NAMES.map((name): [string, number] => [subgraphSettingName(name, 'PORT'), config.subgraphPorts[name]]),
  ];
}

/**
 * One sentence a newcomer can act on: which port, which setting, what to do. A second `npm start`
 * fails on the first of five ports it binds, so moving only that one would fail on the next: the
 * advice moves them all.
 */
export function explainPortInUse(error: PortInUseError, config: LadingConfig): string {
  const ports = stackPorts(config);
  const setting = ports.find(([, port]) => port === error.port)?.[0];
  if (!setting) return `${error.message}: stop the process using it or choose another port`;
  const moved = ports.map(([name, port]) => `${name}=${port + 100}`).join(' ');
  return (
    `${error.message} (${setting}): stop the process using it (another \`npm start\`?), ` +
    `or move every port of the stack, e.g. \`${moved} npm start\` (a service run alone needs only ${setting})`
  );
}
