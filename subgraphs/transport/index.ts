import { runSubgraph } from '../../lib/server/run-subgraph';
import { start } from './server';

runSubgraph('transport', start);
