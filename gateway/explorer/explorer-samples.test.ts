import { Supergraph } from '@apollo/federation-internals';
import { parse, validate } from 'graphql';
import { loadSupergraphSdl } from '../../lib/supergraph/load';
import { SUPERGRAPH_SDL_PATH } from '../../lib/supergraph/paths';
import { explorerPage } from './explorer-page';
import { EXPLORER_NEW_TAB, EXPLORER_SAMPLES } from './explorer-samples';

const apiSchema = Supergraph.build(loadSupergraphSdl(SUPERGRAPH_SDL_PATH)).apiSchema().toGraphQLJSSchema();

describe('the explorer sample operations', () => {
  it.each([...EXPLORER_SAMPLES.map((s) => [s.title, s.query] as const), ['new tab', EXPLORER_NEW_TAB] as const])(
    '%s is valid against the graph',
    (_title, query) => {
      expect(validate(apiSchema, parse(query)).map((e) => e.message)).toEqual([]);
    },
  );

  it('are embedded in the page without breaking out of its script element', () => {
    const page = explorerPage('/assets');
    const script = page.slice(page.indexOf('const SAMPLE_TABS'));
    expect(script.indexOf('</script>')).toBeGreaterThan(script.indexOf('root.render'));
    expect(page).toContain('shipments(first: 10)');
  });
});
