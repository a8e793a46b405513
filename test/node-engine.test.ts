import { readFileSync } from 'node:fs';
import path from 'node:path';

// semver ships with npm's own tooling in node_modules; Lading needs only these two functions of it.
interface Semver {
  minVersion(range: string): { version: string; major: number };
  satisfies(version: string, range: string): boolean;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports -- semver has no types installed; this names the two functions used
const semver = require('semver') as Semver;

const ROOT = path.join(__dirname, '..');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; dev?: boolean; engines?: { node?: string } | string[] }>;
};

/** The engine, the image and the dependencies must agree: the lowest Node we claim runs every dependency. */
describe('the Node version', () => {
  const lowest = semver.minVersion(pkg.engines.node);

  it('package.json claims is accepted by every runtime dependency that states one', () => {
    const refusing = Object.entries(lock.packages)
      .filter(([name, entry]) => name && !entry.dev && entry.engines && !Array.isArray(entry.engines) && entry.engines.node)
      .filter(([, entry]) => !semver.satisfies(lowest.version, (entry.engines as { node: string }).node))
      .map(
        ([name, entry]) =>
          `${name.replace(/^.*node_modules\//, '')}@${entry.version} needs node ${(entry.engines as { node: string }).node}`,
      );
    expect(refusing).toEqual([]);
  });

  it('is the one the Docker image runs', () => {
    const from = /^FROM node:(\d+)/m.exec(readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'));
    expect(Number(from?.[1])).toBe(lowest.major);
  });
});
