import { ConfigError } from '../../lib/config';
import { joinGraphsOf, urlSettingName } from '../../lib/supergraph/join-graphs';

/**
 * Where the gateway reaches each subgraph of a supergraph that is not Lading's own: `LADING_<NAME>_URL`
 * when set, else the URL the supergraph was composed with (its `@join__graph`).
 */
export function subgraphUrlsOf(supergraphSdl: string, settings: Record<string, string>): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const graph of joinGraphsOf(supergraphSdl)) {
    const setting = `LADING_${urlSettingName(graph.name)}_URL`;
    const url = settings[urlSettingName(graph.name)] ?? graph.url;
    if (!url) throw new ConfigError(`the supergraph gives subgraph ${graph.name} no URL: set ${setting}`);
    try {
      new URL(url);
    } catch {
      throw new ConfigError(`subgraph ${graph.name} has no valid URL ("${url}"): set ${setting}`);
    }
    urls[graph.name] = url;
  }
  return urls;
}
