import { silentLogger } from '../lib/logger';
import { createMemoryRuntime } from '../lib/runtime/memory-runtime';
import { orderIndependence } from './support/order-independence';

orderIndependence('memory', async () => createMemoryRuntime(silentLogger), 150);
