import type { LadingConfig } from '../../lib/config';
import { loadSupergraphSdl } from '../../lib/supergraph/load';
import { SUPERGRAPH_SDL_PATH } from '../../lib/supergraph/paths';
import { subgraphUrlsOf } from './subgraph-urls';

/** What the gateway serves and where it finds the subgraphs. */
export interface SupergraphSource {
  supergraphSdl: string;
  subgraphUrls: Record<string, string>;
  /** False for a supergraph given by `LADING_SUPERGRAPH_PATH`: its subgraphs need not be Lading's. */
  own: boolean;
}

/**
 * Lading's committed supergraph with its four subgraphs at `LADING_<NAME>_URL` (or host and port), or
 * the supergraph at `LADING_SUPERGRAPH_PATH` with each subgraph at `LADING_<NAME>_URL` or its `@join__graph` URL.
 */
export function supergraphFrom(config: LadingConfig): SupergraphSource {
  if (!config.supergraphPath)
    return { supergraphSdl: loadSupergraphSdl(SUPERGRAPH_SDL_PATH), subgraphUrls: config.subgraphUrls, own: true };
  const supergraphSdl = loadSupergraphSdl(
    config.supergraphPath,
    'LADING_SUPERGRAPH_PATH must name a composed supergraph (e.g. `rover supergraph compose` output)',
  );
  return { supergraphSdl, subgraphUrls: subgraphUrlsOf(supergraphSdl, config.subgraphUrlSettings), own: false };
}
