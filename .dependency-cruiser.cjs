/**
 * The architecture as rules: `npm run arch`. The layers (docs/architecture.md):
 *   lib/         shared foundation: knows no service
 *   subgraphs/*  one system of record each: lib only, never another subgraph and never stack/, its
 *                process entry (index.ts) included: what it needs of the others comes through the graph
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
        'What it needs of another system arrives by the event log or through the graph (@key entities).',
      severity: 'error',
      from: { path: '^subgraphs/([^/]+)/' },
      to: { path: '^(subgraphs/|gateway/|scripts/|demo/|bench/|test/)', pathNot: '^subgraphs/$1/' },
    },
    {
      name: 'subgraph-never-imports-stack',
      comment:
        'stack/ composes the subgraphs, so an arrow from a subgraph (its index.ts included) back to it runs up the layers: ' +
        'a subgraph that needs what only the whole stack knows asks the other subgraphs through the graph instead.',
      severity: 'error',
      from: { path: '^subgraphs/' },
      to: { path: '^stack/' },
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
