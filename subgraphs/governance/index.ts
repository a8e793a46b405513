import { runSubgraph } from '../../lib/server/run-subgraph';
import { start } from './server';

runSubgraph('governance', start);
