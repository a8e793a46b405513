/** A name a document gives, where it gives it. */
export interface DocReference {
  line: number;
  name: string;
}

/** What a document names that must exist: files, settings, npm scripts and HTTP routes. */
export interface DocReferences {
  /** `link`: a link target, which resolves from the document's folder only. */
  files: (DocReference & { link?: boolean })[];
  settings: DocReference[];
  scripts: DocReference[];
  routes: (DocReference & { method?: string; path: string })[];
}

/** Extensions that make a bare word a file name (`server.ts`, `supergraph.yaml`). */
const FILE_EXTENSIONS = /\.(ts|js|cjs|mjs|md|graphql|ya?ml|json|lua|sh|html|css)$/;
const PATH_LIKE = /^[\w.@<>*{}-]+(\/[\w.@<>*{}-]*)*$/;
const METHOD = /^((?:GET|POST|PUT|PATCH|DELETE)(?:\/(?:GET|POST|PUT|PATCH|DELETE))*)\s+(\/\S*)$/;
/** Lading's addresses in examples: `localhost:4000/events`, `ws://127.0.0.1:4003/graphql`. */
const LOCAL_URL = /\b(?:localhost|127\.0\.0\.1)(?::(\d+))?(\/[\w\-./:<>{}…]*)/g;
const SETTING = /\b(?:LADING|REDIS|OTEL)(?:_(?:[A-Z0-9]+|<[A-Z]+>|\*))+/g;
const SCRIPT = /\bnpm (?:run(?:\s+(?:-s|--silent))?\s+([\w:.-]+)|(start|test)\b)/g;

interface Line {
  number: number;
  text: string;
  fenced: boolean;
}

function linesOf(markdown: string): Line[] {
  let fenced = false;
  return markdown.split('\n').map((text, i) => {
    if (/^\s*(```|~~~)/.test(text)) {
      fenced = !fenced;
      return { number: i + 1, text: '', fenced: true };
    }
    return { number: i + 1, text, fenced };
  });
}

/**
 * A code span or link target that names a file or folder of the repository: a path whose first
 * segment is a top-level entry (`lib/events`), or a word with a file extension (`server.ts`).
 * Line suffixes (`x.ts:93-96`) and anchors are dropped.
 */
function asFile(raw: string, topLevel: ReadonlySet<string>): string | undefined {
  const name = raw.replace(/#.*$/, '').replace(/:\d+(-\d+)?$/, '');
  if (!name || !PATH_LIKE.test(name) || name.startsWith('-')) return undefined;
  const first = name.split('/')[0];
  if (name.includes('/') && (topLevel.has(first) || first === '..' || first === '.')) return name;
  if (name.startsWith('.') && !name.includes('/')) return undefined;
  return FILE_EXTENSIONS.test(name) ? name : undefined;
}

/**
 * The names `markdown` gives. Settings and scripts count wherever they appear; files only in code
 * spans and link targets outside code blocks (a command's arguments are not claims about the tree);
 * routes as code spans (`POST /events`, or `/health/ready` when a server registers routes under its
 * first segment) and as Lading's local URLs anywhere, on `ports` or without a port.
 */
export function referencesIn(
  markdown: string,
  topLevel: ReadonlySet<string>,
  routePrefixes: ReadonlySet<string>,
  ports: ReadonlySet<number>,
): DocReferences {
  const refs: DocReferences = { files: [], settings: [], scripts: [], routes: [] };
  for (const { number: line, text, fenced } of linesOf(markdown)) {
    for (const [name] of text.matchAll(SETTING)) refs.settings.push({ line, name });
    for (const match of text.matchAll(SCRIPT)) refs.scripts.push({ line, name: match[1] ?? match[2] });
    for (const match of text.matchAll(LOCAL_URL)) {
      if (match[1] === undefined || ports.has(Number(match[1]))) refs.routes.push({ line, name: match[0], path: match[2] });
    }
    if (fenced) continue;
    for (const [, span] of text.matchAll(/`([^`]+)`/g)) {
      const route = METHOD.exec(span.trim());
      if (route) {
        for (const method of route[1].split('/')) refs.routes.push({ line, name: span.trim(), method, path: route[2] });
        continue;
      }
      if (span.startsWith('/') && routePrefixes.has(span.split('/')[1]?.replace(/[?#].*$/, ''))) {
        refs.routes.push({ line, name: span, path: span });
        continue;
      }
      const file = asFile(span.trim(), topLevel);
      if (file) refs.files.push({ line, name: file });
    }
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/i.test(target) || target.startsWith('#')) continue;
      const file = target.replace(/#.*$/, '');
      if (file) refs.files.push({ line, name: file, link: true });
    }
  }
  return refs;
}
