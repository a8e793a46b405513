import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generatePersistedQueryManifest } from '@apollo/generate-persisted-query-manifest';
import type { OperationDefinitionNode } from 'graphql';
import { parse, print } from 'graphql';

const EXAMPLES = path.join(__dirname, '../docs/examples');

/**
 * The example portal's manifest, which Lading enforces for customers in the trusted-document tests
 * and Apollo Client runs against (test/apollo-client.test.ts), is exactly what Apollo's own
 * generate-persisted-query-manifest makes of the portal's operations.
 */
describe("the example portal's persisted query manifest", () => {
  it("is what Apollo's generate-persisted-query-manifest writes from the portal's operations", async () => {
    // The tool takes one operation per file, as an Apollo Client app's sources hold them.
    const operations = parse(readFileSync(path.join(EXAMPLES, 'portal-operations.graphql'), 'utf8'))
      .definitions as OperationDefinitionNode[];
    const sources = mkdtempSync(path.join(tmpdir(), 'lading-portal-'));
    try {
      for (const operation of operations) writeFileSync(path.join(sources, `${operation.name!.value}.graphql`), `${print(operation)}\n`);
      const generated = await generatePersistedQueryManifest({ documents: [path.join(sources, '*.graphql')] }, undefined);
      const committed = JSON.parse(readFileSync(path.join(EXAMPLES, 'portal-persisted-query-manifest.json'), 'utf8')) as typeof generated;
      const byName = (manifest: typeof generated) => [...manifest.operations].sort((a, b) => a.name.localeCompare(b.name));
      expect(generated.format).toBe(committed.format);
      expect(byName(generated)).toEqual(byName(committed));
      expect(generated.operations).toHaveLength(operations.length);
    } finally {
      rmSync(sources, { recursive: true, force: true });
    }
  }, 60_000);
});
