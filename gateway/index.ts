import { runGateway } from './run-gateway';

/** The production gateway process: config, start, signals (gateway/run-gateway.ts); never demo data. */
runGateway();
