import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { composeSupergraph } from './compose';
import { loadSupergraphSdl } from './load';
import { SUPERGRAPH_CONFIG_PATH, SUPERGRAPH_SDL_PATH } from './paths';

describe('the committed supergraph', () => {
  it('is what the subgraph SDLs compose to now', () => {
    const result = composeSupergraph(SUPERGRAPH_CONFIG_PATH);
    if (!result.ok) throw new Error(`composition fails:\n${result.errors.join('\n')}`);
    const committed = readFileSync(SUPERGRAPH_SDL_PATH, 'utf8');
    if (committed !== result.supergraphSdl) {
      throw new Error('supergraph.graphql differs from what the subgraph SDLs compose to: run `npm run compose` and commit the result');
    }
  });
});

describe('composition errors', () => {
  it('names the conflicting field and subgraphs', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lading-compose-'));
    writeFileSync(path.join(dir, 'a.graphql'), 'type Query { thing: String }');
    writeFileSync(path.join(dir, 'b.graphql'), 'type Query { thing: Int }');
    writeFileSync(
      path.join(dir, 'supergraph.yaml'),
      'subgraphs:\n  a:\n    routing_url: http://a/graphql\n    schema:\n      file: ./a.graphql\n  b:\n    routing_url: http://b/graphql\n    schema:\n      file: ./b.graphql\n',
    );
    const result = composeSupergraph(path.join(dir, 'supergraph.yaml'));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.join('\n')).toMatch(/Query\.thing/);
  });

  it('refuses a config whose SDL file is missing, naming it', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lading-compose-'));
    writeFileSync(
      path.join(dir, 'supergraph.yaml'),
      'subgraphs:\n  a:\n    routing_url: http://a/graphql\n    schema:\n      file: ./missing.graphql\n',
    );
    expect(() => composeSupergraph(path.join(dir, 'supergraph.yaml'))).toThrow(/missing\.graphql/);
  });
});

describe('loading the supergraph', () => {
  it('refuses a missing file, pointing at npm run compose', () => {
    expect(() => loadSupergraphSdl(path.join(os.tmpdir(), 'no-such-supergraph.graphql'))).toThrow(/npm run compose/);
  });

  it('refuses a file that is not a supergraph', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'lading-sg-')), 'supergraph.graphql');
    writeFileSync(file, 'type Query { x: Int }');
    expect(() => loadSupergraphSdl(file)).toThrow(/not a valid supergraph/);
  });
});
