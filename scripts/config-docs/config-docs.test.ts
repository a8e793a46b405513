import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SETTINGS } from '../../lib/settings';
import { configDocFiles, README_PATH, REFERENCE_PATH } from './files';

const ROOT = path.join(__dirname, '../..');

describe('the committed configuration reference', () => {
  it.each(configDocFiles().map((f) => [path.relative(ROOT, f.path), f]))('%s is what lib/settings generates now', (_name, file) => {
    if (file.committed !== file.content) {
      throw new Error(`${file.path} differs from what lib/settings generates: run \`npm run config-docs\` and commit the result`);
    }
  });

  it('lists every setting in docs/configuration.md and the main ones in the README', () => {
    const [reference, readme] = [REFERENCE_PATH, README_PATH].map((file) => configDocFiles().find((f) => f.path === file)!.content);
    for (const [name, setting] of Object.entries(SETTINGS)) {
      expect([name, reference.includes(`| \`${name}\` |`)]).toEqual([name, true]);
      expect([name, readme.includes(`| \`${name}\` |`)]).toEqual([name, setting.main]);
    }
  });
});

// That the docs name only declared settings is checked with their files, scripts and routes: test/docs.test.ts.

describe('only lib/config.ts reads the environment', () => {
  const sources = (dir: string): string[] =>
    readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
      const relative = path.join(dir, entry.name);
      if (entry.isDirectory()) return sources(relative);
      return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [relative] : [];
    });
  it('no other module of lib, gateway, subgraphs or stack mentions process.env but to pass it on or to write it', () => {
    const readers = ['lib', 'gateway', 'subgraphs', 'stack'].flatMap(sources).filter((file) => {
      const text = readFileSync(path.join(ROOT, file), 'utf8');
      // Allowed: handing the environment to a child process (`...process.env`) and switching Apollo's telemetry off.
      const reads = text.replace(/\.\.\.process\.env\b/g, '').replace(/process\.env\.APOLLO_TELEMETRY_DISABLED = /g, '');
      return /process\.env/.test(reads);
    });
    expect(readers).toEqual(['lib/config.ts']);
  });
});
