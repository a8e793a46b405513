import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** One HTTP route a server registers: `USE` mounts handlers at the path and below, for any method. */
export interface CodeRoute {
  method: string;
  path: string;
}

/** Where servers register routes: the gateway, the shared server code and every subgraph. */
const SERVER_DIRS = ['gateway', 'lib/server', 'subgraphs'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** `${NAME}` in a route template, resolved from `const NAME = '…'` in the same file. */
function resolveTemplate(template: string, source: string): string {
  return template.replace(
    /\$\{(\w+)\}/g,
    (whole, name: string) => new RegExp(`const ${name} = ['"\`]([^'"\`]*)['"\`]`).exec(source)?.[1] ?? whole,
  );
}

/**
 * Every route registered with Express's `router.get('/…')`, `app.use('/…', …)` and the like, read from
 * the servers' source: the list follows the code, nobody keeps it.
 */
export function codeRoutes(root: string): CodeRoute[] {
  const routes: CodeRoute[] = [];
  for (const file of SERVER_DIRS.flatMap((dir) => sourceFiles(path.join(root, dir)))) {
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/\.(get|post|put|patch|delete|all|use)\(\s*(['"`])((?:\/|\$\{)[^'"`]*)\2/g)) {
      routes.push({ method: match[1].toUpperCase(), path: resolveTemplate(match[3], source) });
    }
  }
  return routes;
}

/** A path segment that stands for any value: Express's `:id`, and the docs' `<id>`, `{id}` and `…`. */
const isParameter = (segment: string) => /^(:\w+|<[^>]+>|\{[^}]+\}|…|\*)$/.test(segment);

/** Whether `method path` (method undefined: any) reaches `route`. */
export function routeMatches(route: CodeRoute, method: string | undefined, docPath: string): boolean {
  if (method && route.method !== method && route.method !== 'USE' && route.method !== 'ALL') return false;
  const want = docPath
    .replace(/[?#].*$/, '')
    .replace(/\/+$/, '')
    .split('/');
  const have = route.path.replace(/\/+$/, '').split('/');
  if (route.method === 'USE' ? want.length < have.length : want.length !== have.length) return false;
  return have.every((segment, i) => segment === want[i] || isParameter(segment) || isParameter(want[i]));
}
