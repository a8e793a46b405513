/** The four systems of record (docs/contract.md §1): each applies canonical events to the state it owns. */
export const SYSTEM_OF_RECORD_NAMES = ['orders', 'warehouse', 'transport', 'finance'] as const;
export type SystemOfRecordName = (typeof SYSTEM_OF_RECORD_NAMES)[number];

/**
 * Every subgraph the gateway composes: the systems of record, and Lading's own integration layer
 * (`governance`: pipeline state, traces, SLAs, webhooks), which applies no canonical event to
 * state of its own but reads the log and the change stream.
 */
export const SUBGRAPH_NAMES = [...SYSTEM_OF_RECORD_NAMES, 'governance'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];
