import { runSubgraph } from '../../lib/server/run-subgraph';
// The process entry is a composition root: it alone may reach past this subgraph, for what only the
// whole stack knows (which subgraphs apply each event type); the subgraph's code never does.
import { EVENT_CONSUMERS } from '../../stack/subgraph-handlers';
import { start } from './server';

runSubgraph('transport', (options) => start({ ...options, eventConsumers: EVENT_CONSUMERS }));
