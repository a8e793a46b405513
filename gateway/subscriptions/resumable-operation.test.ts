import { buildSchema, parse, print } from 'graphql';
import { resumableOperation } from './resumable-operation';

const schema = buildSchema(`
  type Query { ok: String }
  type Update { cursor: String! n: Int }
  type Subscription { updated(id: ID, after: String): Update! other: Int }
`);

describe('resumableOperation', () => {
  it("takes the client's after out of what is shared, and asks for the cursor under an alias", () => {
    const op = resumableOperation(schema, parse('subscription($id: ID, $after: String) { u: updated(id: $id, after: $after) { n } }'), null, { id: '7', after: 'c1' })!;
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
});
