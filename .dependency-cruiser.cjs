/**
 * The architecture as rules: `npm run arch`. The layers (docs/architecture.md):
 *   lib/         shared foundation: knows no service
 *   subgraphs/*  one system of record each: lib only, never another subgraph (its index.ts, the process
 *                entry, is also given stack/subgraph-handlers.ts: what only the whole stack knows)
 *   gateway/     the door: lib only, never a subgraph's code and never demo data
 *   stack/, scripts/, demo/, bench/, test/   composition roots and tools: may import anything
 * A rule here fails the build; when one has to bend, change the design, not the rule.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'lib-knows-no-service',
      comment: 'lib/ is the foundation every service stands on; it must not reach up into a service or a composition root.',
      severity: 'error',
      from: { path: '^lib/' },
      to: { path: '^(gateway|subgraphs|stack|scripts|demo|bench|test)/' },
    },
    {
      name: 'subgraph-stands-alone',
      comment:
        'A subgraph is its own system of record and its own process: it may import lib/ and its own folder only. ' +
        'What it needs to know of the others is injected by the composition root (stack/).',
      severity: 'error',
      from: { path: '^subgraphs/([^/]+)/', pathNot: '^subgraphs/[^/]+/index\\.ts$' },
      to: { path: '^(subgraphs/|gateway/|stack/|scripts/|demo/|bench/|test/)', pathNot: '^subgraphs/$1/' },
    },
    {
      name: 'subgraph-entry-takes-only-what-it-is-given',
      comment:
        "A subgraph's process entry (index.ts) is a composition root, but a narrow one: besides its own folder it may " +
        'import only stack/subgraph-handlers.ts, what the whole stack knows that the subgraph is handed (event consumers).',
      severity: 'error',
      from: { path: '^subgraphs/([^/]+)/index\\.ts$' },
      to: { path: '^(subgraphs/|gateway/|stack/|scripts/|demo/|bench/|test/)', pathNot: '^(subgraphs/$1/|stack/subgraph-handlers\\.ts$)' },
    },
    {
      name: 'gateway-knows-no-subgraph',
      comment: 'The gateway talks to subgraphs over HTTP and WebSocket only, and a production gateway never loads demo data.',
      severity: 'error',
      from: { path: '^gateway/' },
      to: { path: '^(subgraphs|stack|scripts|demo|bench|test)/' },
    },
    {
      name: 'no-test-code-in-production',
      comment: 'Test helpers and benchmarks are not part of what runs.',
      severity: 'error',
      from: { path: '^(lib|gateway|subgraphs|stack|scripts|demo)/', pathNot: '\\.(test|contract)\\.ts$' },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'no-circular',
      comment:
        'A cycle makes load order matter and the layers unreadable; a type-only cycle counts too (it is one `import type` away from a real one).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing is a typo or a missing dependency.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'not-to-dev-dep',
      comment: 'What runs in production must not need a devDependency (npm ci --omit=dev in the image).',
      severity: 'error',
      from: { path: '^(lib|gateway|subgraphs|stack|scripts|demo)/', pathNot: '\\.(test|contract)\\.ts$' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|coverage)/' },
    // Type-only imports are edges too: a layer that names another's types depends on it.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
