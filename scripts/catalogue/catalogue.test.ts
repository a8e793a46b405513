import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { DATA_SPECS } from '../../lib/events/data-specs';
import { ALL_EVENT_TYPES, EventType } from '../../lib/events/types';
import { validateEvent } from '../../lib/events/validate';
import { schemaOfSpec } from './data-schema';
import { exampleEvent, minimalExample } from './example';
import { catalogueFiles } from './files';
import { buildCatalogue } from './model';

describe('the committed event catalogue', () => {
  it.each(catalogueFiles().map((f) => [f.path.replace(/.*\/docs\//, 'docs/'), f]))('%s is what the code generates now', (_name, file) => {
    let committed = '';
    try {
      committed = readFileSync(file.path, 'utf8');
    } catch {
      // A missing file is drift too.
    }
    if (committed !== file.content) {
      throw new Error(`${file.path} differs from what lib/events generates: run \`npm run catalogue\` and commit the result`);
    }
  });
});

describe('the catalogue follows the event type map', () => {
  const entries = buildCatalogue();
  const [asyncapi, markdown] = catalogueFiles().map((f) => f.content);
  const document = parse(asyncapi) as {
    asyncapi: string;
    channels: { events: { messages: Record<string, { $ref: string }> } };
    operations: { ingestEvent: { action: string; messages: { $ref: string }[] } };
    components: { messages: Record<string, { name: string; payload: { allOf: unknown[] } }>; schemas: Record<string, unknown> };
  };

  it('has one message and one page section per event type, and nothing else', () => {
    expect(document.asyncapi).toBe('3.0.0');
    expect(Object.values(document.components.messages).map((m) => m.name)).toEqual([...ALL_EVENT_TYPES]);
    expect(document.operations.ingestEvent.action).toBe('receive');
    expect(document.operations.ingestEvent.messages).toHaveLength(ALL_EVENT_TYPES.length);
    for (const type of ALL_EVENT_TYPES) expect(markdown).toContain(`### \`${type}\``);
  });

  it('resolves every local $ref', () => {
    const refs = [...asyncapi.matchAll(/\$ref: "#\/([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(ALL_EVENT_TYPES.length * 3);
    for (const ref of refs) {
      const target = ref.split('/').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], document);
      expect([ref, target]).toEqual([ref, expect.anything()]);
    }
  });

  it("describes each type's data as the validator checks it: the minimal example is accepted", () => {
    for (const entry of entries) {
      const verdict = validateEvent(exampleEvent(entry));
      expect([entry.type, verdict.ok ? 'ok' : verdict.reason]).toEqual([entry.type, 'ok']);
    }
  });

  it('marks required fields: leaving one out of an example is rejected by the validator', () => {
    const entry = entries.find((e) => e.type === EventType.ChargeRecorded)!;
    const event = exampleEvent(entry);
    delete event.data.chargeId;
    expect(validateEvent(event)).toEqual({ ok: false, reason: 'invalid: data.chargeId is required' });
  });

  it('names the subgraphs that apply each type', () => {
    const byType = Object.fromEntries(entries.map((e) => [e.type, e.appliedBy]));
    expect(byType[EventType.OrderCreated]).toEqual(['orders']);
    expect(byType[EventType.Delivered]).toEqual(expect.arrayContaining(['transport', 'finance']));
    expect(byType[EventType.InventoryAdjusted]).toEqual(['warehouse']);
  });
});

describe('data specs as JSON Schema', () => {
  it.each([
    [
      { 'a!': 'string', b: 'number' },
      { type: 'object', required: ['a'], properties: { a: { type: 'string' }, b: { type: 'number' } } },
    ],
    [
      { 'xs!': [{ 'id!': 'string' }] },
      {
        type: 'object',
        required: ['xs'],
        properties: { xs: { type: 'array', items: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } } } },
      },
    ],
    [{ code: 'reasonCode' }, { type: 'object', properties: { code: { $ref: '#/components/schemas/ReasonCode' } } }],
  ] as const)('%j', (spec, schema) => {
    expect(schemaOfSpec(spec as never)).toEqual(schema);
  });

  it('gives a minimal example with exactly the required fields', () => {
    expect(minimalExample(schemaOfSpec(DATA_SPECS[EventType.ChargeRecorded]))).toEqual({
      chargeId: 'example',
      type: 'example',
      amount: { amount: '120.50', currency: 'EUR' },
    });
  });
});
