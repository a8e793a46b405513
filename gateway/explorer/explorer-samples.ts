/**
 * The operations the explorer opens with, one tab each, instead of GraphiQL's stock welcome text:
 * a rep sees at once what the graph answers and edits from there. Ids are the demo data's.
 */
export const EXPLORER_SAMPLES: { title: string; query: string; variables?: string }[] = [
  {
    title: 'Shipments',
    query: `# A page of shipments with a field from each subgraph. Run it with ▶ (Ctrl-Enter).
query Shipments {
  shipments(first: 10) {
    edges {
      node {
        id        # Lading's key, e.g. SHP-000036 (event subjects use it)
        number    # the ERP's shipment number people quote, e.g. SH-500036
        status
        eta
        exception { reasonCode message }
        order { number customer { id name } }
        fulfillment { warehouseId state }
        transport { carrier { scac } trackingNumber }
        charges { type stage amount { amount currency } }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}
`,
  },
  {
    title: 'Track',
    query: `# Track by shipment number, tracking number or order number.
query Track($reference: String!) {
  trackShipment(reference: $reference) {
    id
    number
    status
    statusUpdatedAt
    timeline { type source occurredAt location reasonCode }
    discrepancies { code message }
  }
}
`,
    variables: '{ "reference": "SH-500036" }',
  },
  {
    title: 'Held and dead letters',
    query: `# Events waiting for their shipment or order, and events that could not be applied.
# Replay a dead letter after fixing its cause: mutation { replayDeadLetter(id: "…") }
query Pipeline {
  heldEvents(first: 20) { edges { node { id type subject reason heldAt } } }
  deadLetters(first: 20) { edges { node { id type subject reason } } }
}
`,
  },
  {
    title: 'Trace and as-of',
    query: `# What happened to one event in every subgraph (docs/governance.md), a shipment's events with
# their lag, the shipment as Lading knew it at a moment, and open SLA breaches.
query Governance($source: String!, $id: ID!, $shipment: ID!, $at: DateTime!) {
  eventTrace(source: $source, id: $id) {
    type subject acceptedAt
    subgraphs { subgraph outcome lagSeconds steps { outcome at reason } }
    reactions { type id }
    replays { recordedAt }
  }
  shipment(id: $shipment) { eventTraces { type system subgraphs { subgraph outcome lagSeconds } } }
  shipmentAsOf(id: $shipment, at: $at, basis: RECORDED) { status exception { reasonCode } timeline { type occurredAt recordedAt } }
  slaBreaches(first: 20) { totalCount edges { node { code shipmentId eventKey dueAt } } }
}
`,
    variables: '{ "source": "urn:tms:mercurygate", "id": "evt-000297", "shipment": "SHP-000036", "at": "2030-01-01T00:00:00Z" }',
  },
];

/** What a new tab starts with. */
export const EXPLORER_NEW_TAB = `# Lading: type an operation, Ctrl-Space completes, the Docs panel lists every type.
{
  shipments(first: 5) { edges { node { id number status } } }
}
`;
