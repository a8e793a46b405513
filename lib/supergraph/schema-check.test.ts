import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { apiSchemaOf, printApiSchema } from './api-schema';
import { composeSupergraph } from './compose';
import type { KnownManifest } from './schema-check';
import { checkSchema } from './schema-check';

const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])';
const SHIPMENTS = `${LINK}
type Query { shipment(id: ID!): Shipment }
type Shipment @key(fields: "id") { id: ID! number: String! eta: String }`;
const BILLING = `${LINK}
type Shipment @key(fields: "id") { id: ID! invoiceNumber: String internalNote: String }`;

const TRACK = 'query Track($id: ID!) { shipment(id: $id) { number eta } }';
const manifestOf = (...bodies: string[]): KnownManifest => ({
  source: 'portal.json',
  text: JSON.stringify({
    format: 'apollo-persisted-query-manifest',
    version: 1,
    operations: bodies.map((body) => ({
      id: createHash('sha256').update(body).digest('hex'),
      name: /^\w+ (\w+)/.exec(body)![1],
      type: body.split(' ')[0],
      body,
    })),
  }),
});

/** A supergraph.yaml over two SDL files in a temporary directory: the working tree a subgraph owner is about to deploy. */
function workingTree(shipments: string, billing: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lading-schema-check-'));
  writeFileSync(path.join(dir, 'shipments.graphql'), shipments);
  writeFileSync(path.join(dir, 'billing.graphql'), billing);
  writeFileSync(
    path.join(dir, 'supergraph.yaml'),
    'subgraphs:\n' +
      '  shipments:\n    routing_url: http://shipments/graphql\n    schema:\n      file: ./shipments.graphql\n' +
      '  billing:\n    routing_url: http://billing/graphql\n    schema:\n      file: ./billing.graphql\n',
  );
  return path.join(dir, 'supergraph.yaml');
}

/** The API schema as it was last published: what the two SDLs above compose to today. */
function published(): string {
  const composed = composeSupergraph(workingTree(SHIPMENTS, BILLING));
  if (!composed.ok) throw new Error(composed.errors.join('\n'));
  return printApiSchema(apiSchemaOf(composed.supergraphSdl));
}

describe('npm run schema:check', () => {
  const before = published();

  it('passes on additions, with every known operation valid', () => {
    const added = `${LINK}\ntype Shipment @key(fields: "id") { id: ID! invoiceNumber: String internalNote: String dueDate: String }`;
    expect(checkSchema(workingTree(SHIPMENTS, added), before, [manifestOf(TRACK)])).toEqual({ problems: [], operations: 1 });
  });

  it('fails on a removed field no client operation uses, naming the breaking change', () => {
    const removed = `${LINK}\ntype Shipment @key(fields: "id") { id: ID! invoiceNumber: String }`;
    const { problems } = checkSchema(workingTree(SHIPMENTS, removed), before, [manifestOf(TRACK)]);
    expect(problems).toEqual([expect.stringMatching(/breaking change.*Shipment\.internalNote was removed/)]);
  });

  it('fails on a field a manifest operation uses, naming the operation and the field', () => {
    const withoutEta = SHIPMENTS.replace(' eta: String', '');
    const { problems } = checkSchema(workingTree(withoutEta, BILLING), before, [manifestOf(TRACK)]);
    expect(problems).toContainEqual(expect.stringMatching(/Shipment\.eta was removed/));
    expect(problems).toContainEqual(expect.stringMatching(/portal\.json: operation Track .*Cannot query field "eta" on type "Shipment"/));
  });

  it('fails on an operation that no longer validates even when the published schema never had its field', () => {
    const unknown = 'query Invoice($id: ID!) { shipment(id: $id) { invoiceTotal } }';
    const { problems } = checkSchema(workingTree(SHIPMENTS, BILLING), before, [manifestOf(TRACK, unknown)]);
    expect(problems).toEqual([expect.stringMatching(/operation Invoice .*Cannot query field "invoiceTotal" on type "Shipment"/)]);
  });

  it('names a manifest that is not in the format', () => {
    const { problems } = checkSchema(workingTree(SHIPMENTS, BILLING), before, [{ source: 'old.json', text: '{"operations": []}' }]);
    expect(problems).toEqual([expect.stringMatching(/old\.json is not a persisted query manifest/)]);
  });

  it('reports a composition failure instead of checking operations', () => {
    const clash = `${LINK}\ntype Shipment @key(fields: "id") { id: ID! number: Int }`;
    const { problems } = checkSchema(workingTree(SHIPMENTS, clash), before, [manifestOf(TRACK)]);
    expect(problems[0]).toMatch(/^composition: .*Shipment\.number/);
  });
});
