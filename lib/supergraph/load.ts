import { Supergraph } from '@apollo/federation-internals';
import { readFileSync } from 'node:fs';

const COMPOSE = 'run `npm run compose`';

/**
 * Reads a supergraph (the committed one, or LADING_SUPERGRAPH_PATH's); refuses, saying why, when it is
 * missing or not a valid supergraph. `remedy` ends the message: how the reader fixes it.
 */
export function loadSupergraphSdl(sdlPath: string, remedy = COMPOSE): string {
  let sdl: string;
  try {
    sdl = readFileSync(sdlPath, 'utf8');
  } catch {
    throw new Error(`supergraph ${sdlPath} not found: ${remedy}`);
  }
  try {
    Supergraph.build(sdl);
  } catch (error) {
    throw new Error(`supergraph ${sdlPath} is not a valid supergraph (${(error as Error).message.split('\n')[0]}): ${remedy}`, {
      cause: error,
    });
  }
  return sdl;
}
