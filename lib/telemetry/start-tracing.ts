import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { TelemetrySettings } from '../config';
import { setTracingEnabled, tracingEnabled } from './tracing';

export interface Tracing {
  /** Exports every span ended so far; resolves once the collector has answered. */
  forceFlush(): Promise<void>;
  /** Flushes, then unregisters the provider: tracing is off again. */
  dispose(): Promise<void>;
}

const OFF: Tracing = { forceFlush: async () => undefined, dispose: async () => undefined };

/**
 * Registers a tracer provider exporting over OTLP/HTTP (JSON) when a traces endpoint is configured;
 * otherwise registers nothing, so @apollo/gateway's spans and Lading's stay no-ops and nothing is sent
 * anywhere (Lading never phones home). One provider per process: `npm start` runs every service in one,
 * and each service's spans carry its own instrumentation scope (`lading-gateway`, `lading-orders`, …).
 */
export function startTracing(settings: TelemetrySettings, defaultServiceName: string): Tracing {
  if (!settings.tracesEndpoint) return OFF;
  if (tracingEnabled()) throw new Error('tracing is already started in this process');
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': settings.serviceName ?? defaultServiceName }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: settings.tracesEndpoint }))],
  });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  setTracingEnabled(true);
  return {
    forceFlush: () => provider.forceFlush(),
    async dispose() {
      setTracingEnabled(false);
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}
