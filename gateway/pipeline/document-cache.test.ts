import { createHash } from 'node:crypto';
import { buildSchema } from 'graphql';
import { DocumentCache } from './document-cache';

const schema = buildSchema('type Query { shipment(id: ID!): String }');
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

describe('DocumentCache', () => {
  it('parses a text once and hands out the same document', () => {
    const cache = new DocumentCache(schema, 100);
    const [first, second] = [cache.parse('{ shipment(id: "S") }'), cache.parse('{ shipment(id: "S") }')];
    expect(first.ok && second.ok && first.document === second.document).toBe(true);
  });

  it("serves Apollo only documents it validated, under Apollo's key", async () => {
    const cache = new DocumentCache(schema, 100);
    const store = cache.apolloDocumentStore();
    const valid = '{ shipment(id: "S") }';
    const invalid = '{ shipmentz }';
    cache.parse(valid);
    expect(await store.get(`schemahash:${sha(valid)}`)).toBeUndefined();
    expect(cache.validate(valid)).toEqual([]);
    expect(await store.get(`schemahash:${sha(valid)}`)).toBe((cache.parse(valid) as { document: unknown }).document);
    expect(cache.validate(invalid).length).toBeGreaterThan(0);
    expect(await store.get(`schemahash:${sha(invalid)}`)).toBeUndefined();
  });

  it('keeps at most its bound, dropping the least recently used', async () => {
    const cache = new DocumentCache(schema, 100, 2);
    const texts = ['{ a: shipment(id: "1") }', '{ b: shipment(id: "2") }', '{ c: shipment(id: "3") }'];
    texts.forEach((t) => cache.validate(t));
    expect(cache.size).toBe(2);
    expect(await cache.apolloDocumentStore().get(`x:${sha(texts[0])}`)).toBeUndefined();
    expect(await cache.apolloDocumentStore().get(`x:${sha(texts[2])}`)).toBeDefined();
  });

  it('refuses a document over the token limit while parsing', () => {
    const result = new DocumentCache(schema, 5).parse('{ shipment(id: "S") shipment(id: "T") }');
    expect(result.ok).toBe(false);
  });
});
