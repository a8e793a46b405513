import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

export interface SubgraphSource {
  name: string;
  url: string;
  sdlPath: string;
  sdl: string;
}

function fail(configPath: string, problem: string): never {
  throw new Error(`${configPath}: ${problem}`);
}

/** Reads a Rover-format supergraph config; SDL paths are relative to the config file, never the cwd. */
export function readSupergraphConfig(configPath: string): SubgraphSource[] {
  let text: string;
  try {
    text = readFileSync(configPath, 'utf8');
  } catch {
    fail(configPath, 'cannot be read');
  }
  const config = parseYaml(text) as { subgraphs?: Record<string, { routing_url?: unknown; schema?: { file?: unknown } }> } | null;
  const subgraphs = config?.subgraphs;
  if (!subgraphs || typeof subgraphs !== 'object' || Object.keys(subgraphs).length === 0) fail(configPath, 'has no subgraphs');
  return Object.entries(subgraphs).map(([name, entry]) => {
    if (typeof entry?.routing_url !== 'string') fail(configPath, `subgraph ${name} has no routing_url`);
    if (typeof entry.schema?.file !== 'string') fail(configPath, `subgraph ${name} has no schema.file`);
    const sdlPath = path.resolve(path.dirname(configPath), entry.schema.file);
    let sdl: string;
    try {
      sdl = readFileSync(sdlPath, 'utf8');
    } catch {
      fail(configPath, `subgraph ${name}: cannot read ${sdlPath}`);
    }
    return { name, url: entry.routing_url, sdlPath, sdl };
  });
}
