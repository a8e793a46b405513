import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Role } from '../lib/identity/identity';
import type { TestStack } from './support/test-stack';
import { startTestStack } from './support/test-stack';

const docs = readFileSync(path.join(__dirname, '../docs/metrics.md'), 'utf8');
const dashboard = readFileSync(path.join(__dirname, '../docs/grafana-dashboard.json'), 'utf8');
const documented = new Set([...docs.matchAll(/`(lading_[a-z_]+)`/g)].map((m) => m[1]));

describe('metrics documentation and dashboard', () => {
  let t: TestStack;

  beforeAll(async () => {
    t = await startTestStack();
    // Touch the paths that create labelled series, so that every metric shows in a scrape.
    await t.graphql('{ shipments { totalCount } }', {}, await t.token(Role.ServiceRep));
  });

  afterAll(() => t.dispose());

  it('documents every lading_ metric each service serves', async () => {
    const urls = [t.gatewayUrl, ...Object.values(t.stack.subgraphs).map((s) => s.url)].map((u) => u.replace('/graphql', '/metrics'));
    const served = new Set<string>();
    for (const url of urls) {
      for (const m of (await (await fetch(url)).text()).matchAll(/^# TYPE (lading_[a-z_]+)/gm)) served.add(m[1]);
    }
    expect(served.size).toBeGreaterThan(8);
    expect([...served].filter((name) => !documented.has(name))).toEqual([]);
  });

  it('charts only documented metrics', () => {
    const charted = new Set([...dashboard.matchAll(/(lading_[a-z_]+?)(?:_bucket|_count|_sum)?\b/g)].map((m) => m[1]));
    expect(charted.size).toBeGreaterThan(5);
    expect([...charted].filter((name) => !documented.has(name))).toEqual([]);
  });
});
