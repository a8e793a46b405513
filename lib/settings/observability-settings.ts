import { Role } from '../identity/identity';
import type { SettingKind } from './kinds';
import { flag, text, url } from './kinds';
import { optional, setting } from './setting';

/** `service_rep`, `integration` or `customer:<customer id>`: who a request without a token is. */
export interface FixedIdentity {
  role: Role;
  customerId: string | null;
}

const ROLES: Partial<Record<string, Role>> = Object.fromEntries(Object.values(Role).map((role) => [role, role]));

const fixedIdentity: SettingKind<FixedIdentity> = {
  accepts: 'service_rep, integration or customer:<customer id>',
  parse: (raw) => {
    const [role, customerId] = raw
      .trim()
      .split(':', 2)
      .map((part) => part.trim());
    const known = ROLES[role];
    if (known === Role.ServiceRep || known === Role.Integration) return { role: known, customerId: null };
    if (known === Role.Customer && customerId) return { role: known, customerId };
    throw new Error(raw);
  },
};

/** The standard OpenTelemetry variables Lading honours: nothing is exported unless an endpoint is set. */
export const TELEMETRY_SETTINGS = {
  OTEL_EXPORTER_OTLP_ENDPOINT: optional(url('http:', 'https:'), 'no traces are exported (no provider registered, nothing sent)', {
    group: 'telemetry',
    main: true,
    doc: 'OTLP/HTTP collector: spans of the gateway, the subgraphs and event application are sent to `<this>/v1/traces` (docs/observability.md).',
  }),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: optional(url('http:', 'https:'), 'OTEL_EXPORTER_OTLP_ENDPOINT with `/v1/traces`', {
    group: 'telemetry',
    doc: 'Full OTLP/HTTP traces URL, used as is; wins over OTEL_EXPORTER_OTLP_ENDPOINT.',
  }),
  OTEL_SERVICE_NAME: optional(text, '`lading`, or `lading-<service>` for a service run alone', {
    group: 'telemetry',
    doc: 'The `service.name` of exported spans.',
  }),
  OTEL_SDK_DISABLED: setting(flag, 'false', { group: 'telemetry', doc: 'Turns trace export off whatever the endpoints say.' }),
};

/** Serving a graph other than Lading's own, e.g. for a conformance suite (docs/any-supergraph.md). */
export const DEVELOPMENT_SETTINGS = {
  LADING_SUPERGRAPH_PATH: optional(text, "the committed supergraph.graphql of Lading's four subgraphs", {
    group: 'development',
    doc: 'A composed supergraph for the gateway to serve; its subgraphs are reached at `LADING_<NAME>_URL` when set, else at its `@join__graph` URLs.',
  }),
  LADING_DEV_IDENTITY: optional(fixedIdentity, 'every request needs a token', {
    group: 'development',
    doc: 'Requests without a token act as this identity (a sent token is still checked). Development only: refused when NODE_ENV=production.',
  }),
  LADING_FORWARD_SUBGRAPH_ERRORS: setting(flag, 'false', {
    group: 'development',
    doc: 'Subgraph errors without a public code reach clients with their message, as `DOWNSTREAM_SERVICE_ERROR` unless they carry a code, as @apollo/gateway does. Refused when NODE_ENV=production.',
  }),
};
