import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULTS, SETTINGS, subgraphSettingName, unknownSettings } from '../lib/settings';
import { SUBGRAPH_NAMES } from '../lib/subgraph-names';
import { codeRoutes, routeMatches } from './support/code-routes';
import type { DocReferences } from './support/doc-references';
import { referencesIn } from './support/doc-references';

/**
 * The docs and the README name files, settings, npm scripts and routes; each must exist, so a rename
 * or a removal fails here instead of misleading a reader. What is checked against comes from the
 * repository itself: files on disk, the settings declaration (lib/settings), package.json's scripts
 * and the routes the servers register.
 */
const ROOT = path.join(__dirname, '..');

/**
 * Names docs/contract.md reserves before they are built, each with the work it waits for. Nothing
 * else may be missing; remove an entry once its name exists.
 */
const NOT_BUILT_YET: Record<string, string> = {};

/** Where the names come from: build output and dependencies are not part of the tree a reader sees. */
const SKIPPED_DIRS = new Set(['.git', 'node_modules', 'dist', 'coverage', '.lading']);

function treeOf(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIPPED_DIRS.has(entry.name)) return [];
    const relative = prefix + entry.name;
    return entry.isDirectory() ? [relative, ...treeOf(path.join(dir, entry.name), `${relative}/`)] : [relative];
  });
}

const TREE = treeOf(ROOT);
const TOP_LEVEL = new Set(readdirSync(ROOT));
const ROUTES = codeRoutes(ROOT);
const ROUTE_PREFIXES = new Set(ROUTES.map((route) => route.path.split('/')[1]));
const PORTS = new Set([DEFAULTS.LADING_GATEWAY_PORT, ...SUBGRAPH_NAMES.map((name) => DEFAULTS[subgraphSettingName(name, 'PORT')])]);
const SCRIPTS = new Set(Object.keys((JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: object }).scripts));

/** A doc path with `<name>`, `{name}` or `*` in it matches any one segment (any run of characters in a file name). */
function pattern(name: string): RegExp {
  const escaped = name
    .split(/(<[^>]+>|\{[^}]+\}|\*)/)
    .map((part, i) => (i % 2 ? '[^/]+' : part.replace(/[.+?^$()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`(^|/)${escaped.replace(/\/$/, '')}$`);
}

function fileExists(name: string, doc: string, link: boolean | undefined): boolean {
  const docDir = path.dirname(doc);
  if (link) return existsSync(path.join(ROOT, docDir, name));
  if (name.startsWith('./') || name.startsWith('../')) return existsSync(path.join(ROOT, docDir, name));
  if (existsSync(path.join(ROOT, name)) || existsSync(path.join(ROOT, docDir, name))) return true;
  // A path named from a folder the sentence gives (`store/keys.ts` of each subgraph), or with placeholders.
  const wanted = pattern(name);
  return TREE.some((entry) => wanted.test(entry));
}

function settingExists(name: string): boolean {
  if (/[<*]/.test(name)) {
    const wanted = new RegExp(`^${name.replace(/<[^>]+>/g, '[A-Z0-9_]+').replace(/\*/g, '[A-Z0-9_]*')}$`);
    return Object.keys(SETTINGS).some((setting) => wanted.test(setting));
  }
  // `LADING_<NAME>_URL` of another supergraph's subgraph is a setting too (lib/settings: unknownSettings).
  return name in SETTINGS || (name.startsWith('LADING_') && unknownSettings({ [name]: 'set' }).length === 0);
}

const DOCS = [
  'README.md',
  'CONTRIBUTING.md',
  ...readdirSync(path.join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** What `doc` (its text: `markdown`) names that does not exist, one sentence each. */
function missingIn(doc: string, markdown = readFileSync(path.join(ROOT, doc), 'utf8')): string[] {
  const refs: DocReferences = referencesIn(markdown, TOP_LEVEL, ROUTE_PREFIXES, PORTS);
  const missing: string[] = [];
  const reserved = (name: string) => name in NOT_BUILT_YET;
  for (const { line, name, link } of refs.files)
    if (!reserved(name) && !fileExists(name, doc, link)) missing.push(`${doc}:${line} names the file ${name}, which does not exist`);
  for (const { line, name } of refs.settings)
    if (!reserved(name) && !settingExists(name))
      missing.push(`${doc}:${line} names the setting ${name}, which lib/settings does not declare`);
  for (const { line, name } of refs.scripts)
    if (!reserved(name) && !SCRIPTS.has(name)) missing.push(`${doc}:${line} names \`npm run ${name}\`, which package.json does not define`);
  for (const { line, name, method, path: routePath } of refs.routes)
    if (!ROUTES.some((route) => routeMatches(route, method, routePath)))
      missing.push(`${doc}:${line} names the route ${method ? `${method} ` : ''}${routePath} (${name}), which no server registers`);
  return missing;
}

describe('what the docs name exists', () => {
  it('finds the routes the servers register, so the check below has something to check against', () => {
    for (const [method, route] of [
      ['POST', '/events'],
      ['GET', '/graphql'],
      ['POST', '/graphql'],
      ['GET', '/health/ready'],
      ['GET', '/metrics'],
    ])
      expect([method, route, ROUTES.some((r) => routeMatches(r, method, route))]).toEqual([method, route, true]);
    expect(ROUTES.some((r) => routeMatches(r, 'GET', '/explorer'))).toBe(false);
  });

  it('names each missing thing with the doc and line that name it', () => {
    const markdown = [
      'Open the explorer (`/explorer`), or `GET /graphql` from a browser.',
      'The guard is `gateway/limits/limits-middleware.ts`; the pipeline is `gateway/pipeline/gateway-pipeline.ts`.',
      'Set `LADING_NO_SUCH_SETTING` or `LADING_HOLD_TTL`, then `npm run no-such-script` or `npm run compose`.',
      'See [the events](events.md) and [nothing](no-such-page.md).',
      '```bash',
      'curl localhost:4000/no-such-route; REDIS_CLUSTER_NODES=a:1 npm start',
      '```',
    ].join('\n');
    expect(missingIn('docs/example.md', markdown)).toEqual([
      'docs/example.md:2 names the file gateway/limits/limits-middleware.ts, which does not exist',
      'docs/example.md:4 names the file no-such-page.md, which does not exist',
      'docs/example.md:3 names the setting LADING_NO_SUCH_SETTING, which lib/settings does not declare',
      'docs/example.md:3 names `npm run no-such-script`, which package.json does not define',
      'docs/example.md:1 names the route /explorer (/explorer), which no server registers',
      'docs/example.md:6 names the route /no-such-route (localhost:4000/no-such-route), which no server registers',
    ]);
  });

  it.each(DOCS)('%s names only files, settings, scripts and routes that exist', (doc) => {
    expect(missingIn(doc)).toEqual([]);
  });

  it('reserves only names that are still missing', () => {
    const built = Object.keys(NOT_BUILT_YET).filter((name) => name in SETTINGS || SCRIPTS.has(name));
    expect(built).toEqual([]);
  });
});
