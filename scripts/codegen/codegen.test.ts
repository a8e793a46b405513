import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, copyFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

/**
 * The generator runs as `npm run codegen` does (tsx): its plugins load ESM-only dependencies that
 * jest's CommonJS transform cannot, so the test drives the script rather than importing it.
 */
function codegen(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'codegen.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
}

describe('the committed resolver types (subgraphs/<name>/generated/resolvers.ts)', () => {
  it('are what each schema.graphql generates now', () => {
    const result = codegen('--check');
    if (result.status !== 0) throw new Error(`${result.stderr}run \`npm run codegen\` and commit the result`);
    expect(result.status).toBe(0);
  });

  it('--check fails, naming the file, when one has drifted', () => {
    const file = path.join(ROOT, 'subgraphs', 'warehouse', 'generated', 'resolvers.ts');
    const backup = path.join(mkdtempSync(path.join(os.tmpdir(), 'codegen-')), 'resolvers.ts');
    copyFileSync(file, backup);
    try {
      writeFileSync(file, `${readFileSync(backup, 'utf8')}// drift\n`);
      const result = codegen('--check');
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('subgraphs/warehouse/generated/resolvers.ts is out of date');
    } finally {
      copyFileSync(backup, file);
      rmSync(path.dirname(backup), { recursive: true, force: true });
    }
  });

  it('type entities with __resolveReference (federation) and records as resolver parents', () => {
    const orders = readFileSync(path.join(ROOT, 'subgraphs', 'orders', 'generated', 'resolvers.ts'), 'utf8');
    expect(orders).toContain('Order: OrderRecord;');
    expect(orders).toMatch(/__resolveReference\?: ReferenceResolver/);
  });
});
