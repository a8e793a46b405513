import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.join(__dirname, '..');

/** Packages (name → licence field) a process has loaded after requiring `modules`: run in a fresh child. */
function licencesLoadedBy(modules: string[]): Record<string, string> {
  const script = `
    for (const m of ${JSON.stringify(modules)}) require(m);
    const dirs = new Set(Object.keys(require.cache).map((k) => k.match(/^(.*node_modules\\/(?:@[^/]+\\/)?[^/]+)\\//)?.[1]).filter(Boolean));
    const out = {};
    for (const d of dirs) { const p = require(d + '/package.json'); out[p.name] = p.license || '(none)'; }
    process.stdout.write(JSON.stringify(out));`;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as Record<string, string>;
}

/** docs/licences.md says which parts of the stack are under which licence; this keeps its central claim true. */
describe('licences of the running code', () => {
  it('a subgraph process loads no Elastic-2.0 code (only open-source licences)', () => {
    const loaded = licencesLoadedBy(
      ['orders', 'warehouse', 'transport', 'finance'].map((s) => path.join(ROOT, `subgraphs/${s}/server.ts`)),
    );
    expect(loaded['@apollo/subgraph']).toBe('MIT');
    const elastic = Object.entries(loaded).filter(([, licence]) => /elastic/i.test(licence));
    expect(elastic).toEqual([]);
  }, 60_000);

  it('the gateway loads Apollo Federation under Elastic-2.0, as the document says', () => {
    const loaded = licencesLoadedBy([path.join(ROOT, 'gateway/server.ts')]);
    expect(loaded['@apollo/gateway']).toBe('Elastic-2.0');
    expect(loaded['@apollo/query-planner']).toBe('Elastic-2.0');
    expect(loaded['@apollo/server']).toBe('MIT');
  }, 60_000);
});
