import { readFileSync } from 'node:fs';
import { buildSchema } from 'graphql';
import { apiSchemaOf, breakingChanges, printApiSchema } from './api-schema';
import { composeSupergraph } from './compose';
import { PUBLISHED_API_SCHEMA_PATH, SUPERGRAPH_CONFIG_PATH } from './paths';

const PUBLISHED = `
  type Query { shipment(id: ID!): Shipment }
  type Shipment { id: ID! status: Status! eta: String }
  enum Status { ORDERED DELIVERED }
`;

describe('the API schema clients see', () => {
  const composed = composeSupergraph(SUPERGRAPH_CONFIG_PATH);

  it('has no breaking change against the published api-schema.graphql', () => {
    if (!composed.ok) throw new Error(`composition fails:\n${composed.errors.join('\n')}`);
    const published = readFileSync(PUBLISHED_API_SCHEMA_PATH, 'utf8');
    expect(breakingChanges(published, apiSchemaOf(composed.supergraphSdl))).toEqual([]);
  });

  it('is the committed api-schema.graphql (run `npm run compose` after a compatible change)', () => {
    if (!composed.ok) throw new Error(`composition fails:\n${composed.errors.join('\n')}`);
    expect(readFileSync(PUBLISHED_API_SCHEMA_PATH, 'utf8')).toBe(printApiSchema(apiSchemaOf(composed.supergraphSdl)));
  });
});

describe('breaking changes', () => {
  it.each([
    [
      'a removed field',
      'type Query { shipment(id: ID!): Shipment } type Shipment { id: ID! status: Status! } enum Status { ORDERED DELIVERED }',
      /Shipment\.eta was removed/,
    ],
    [
      'a retyped field',
      'type Query { shipment(id: ID!): Shipment } type Shipment { id: ID! status: Status! eta: Int } enum Status { ORDERED DELIVERED }',
      /Shipment\.eta changed type/,
    ],
    [
      'a removed enum value',
      'type Query { shipment(id: ID!): Shipment } type Shipment { id: ID! status: Status! eta: String } enum Status { ORDERED }',
      /DELIVERED was removed/,
    ],
    [
      'a new required argument',
      'type Query { shipment(id: ID!, at: String!): Shipment } type Shipment { id: ID! status: Status! eta: String } enum Status { ORDERED DELIVERED }',
      /required arg at/i,
    ],
  ])('names %s', (_, next, expected) => {
    const changes = breakingChanges(PUBLISHED, buildSchema(next));
    expect(changes.join('\n')).toMatch(expected);
  });

  it('lets additions through', () => {
    const next = buildSchema(`
      type Query { shipment(id: ID!): Shipment shipments: [Shipment!]! }
      type Shipment { id: ID! status: Status! eta: String number: String }
      enum Status { ORDERED DELIVERED }
    `);
    expect(breakingChanges(PUBLISHED, next)).toEqual([]);
  });
});
