import { Supergraph } from '@apollo/federation-internals';
import { readFileSync } from 'node:fs';

/** Reads the committed supergraph; refuses, saying why, when it is missing or not a valid supergraph. */
export function loadSupergraphSdl(sdlPath: string): string {
  let sdl: string;
  try {
    sdl = readFileSync(sdlPath, 'utf8');
  } catch {
    throw new Error(`supergraph ${sdlPath} not found: run \`npm run compose\``);
  }
  try {
    Supergraph.build(sdl);
  } catch (error) {
    throw new Error(`supergraph ${sdlPath} is not a valid supergraph (${(error as Error).message.split('\n')[0]}): run \`npm run compose\``, { cause: error });
  }
  return sdl;
}
