import { buildSchema, parse, print } from 'graphql';
import { resumableOperation } from './resumable-operation';

const schema = buildSchema(`
  type Query { ok: String }
  type Update { cursor: String! n: Int item: Item }
  type Item { id: ID! name: String }
  type Subscription { updated(id: ID, after: String, itemId: ID): Update! other: Int pinned(itemId: ID!, after: String): Update! }
`);

describe('resumableOperation', () => {
  it("takes the client's after out of what is shared, and asks for the cursor under an alias", () => {
    const op = resumableOperation(
      schema,
      parse('subscription($id: ID, $after: String) { u: updated(id: $id, after: $after) { n } }'),
      null,
      { id: '7', after: 'c1' },
    )!;
    expect(op.after).toBe('c1');
    expect(op.variables).toEqual({ id: '7' });
    expect(op.rootName).toBe('u');
    expect(print(op.document)).toContain('u: updated(id: $id, after: $_ladingAfter)');
    expect(print(op.document)).toContain('_ladingCursor: cursor');
    expect(print(op.document)).not.toContain('$after');
  });

  it('reads a literal after, and leaves operations without after/cursor alone', () => {
    expect(resumableOperation(schema, parse('subscription { updated(after: "c2") { n } }'), null, {})!.after).toBe('c2');
    expect(resumableOperation(schema, parse('subscription { other }'), null, {})).toBeNull();
  });

  it('leaves an optional narrowing argument (itemId ↔ item { id }) to the hub and asks for the id under an alias', () => {
    const op = resumableOperation(schema, parse('subscription($item: ID) { updated(itemId: $item) { n } }'), null, { item: 'I-1' })!;
    expect(op.narrowing).toEqual({ field: 'item', typename: 'Item', id: 'I-1' });
    expect(op.variables).toEqual({});
    expect(print(op.document)).not.toContain('itemId');
    expect(print(op.document)).toContain('_ladingKey: item {\n      id\n    }');
    expect(resumableOperation(schema, parse('subscription { updated { n } }'), null, {})!.narrowing).toEqual({
      field: 'item',
      typename: 'Item',
      id: null,
    });
    // An ID given as a number narrows too (never to everything).
    expect(resumableOperation(schema, parse('subscription { updated(itemId: 42) { n } }'), null, {})!.narrowing?.id).toBe('42');
    expect(resumableOperation(schema, parse('subscription($i: ID) { updated(itemId: $i) { n } }'), null, { i: 7 })!.narrowing?.id).toBe(
      '7',
    );
    // A required one names what the upstream serves: it stays.
    const pinned = resumableOperation(schema, parse('subscription { pinned(itemId: "I-2") { n } }'), null, {})!;
    expect(pinned.narrowing).toBeUndefined();
    expect(print(pinned.document)).toContain('itemId: "I-2"');
  });
});
