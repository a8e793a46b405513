export { DocumentCache } from './document-cache';
export type { ParsedDocument } from './document-cache';
export { costEstimate } from './cost-estimate';
export type { CostEstimate } from './cost-estimate';
export { asksForCost, costMeasure } from './cost-report';
export type { CostExtension, CostMeasure } from './cost-report';
export { gatewayPipeline } from './gateway-pipeline';
export type { GatewayPipelineOptions } from './gateway-pipeline';
export { createRequestPipeline } from './request-pipeline';
export type { RequestPipeline, RequestPipelineOptions } from './request-pipeline';
export { Door, TransportKind, STREAMING_TRANSPORTS, refuse, refuseWith } from './types';
export type {
  Admission,
  DoorRequest,
  Entry,
  FormatContext,
  PipelineContext,
  PipelinePlugin,
  PipelineRequest,
  Prepared,
  Preparation,
  Refusal,
} from './types';
export { useAuthentication } from './use-authentication';
export { useErrorMasking } from './use-error-masking';
export { useIntrospectionGuard, usesIntrospection } from './use-introspection-guard';
export { useOperationLimits } from './use-operation-limits';
export { tokensFor, useRateLimit } from './use-rate-limit';
export type { CostBudget } from './use-rate-limit';
export { DOOR_ROLES, useRoleGate } from './use-role-gate';
export { useSuggestionMasking, withoutSuggestion } from './use-suggestion-masking';
export { useTraceContext } from './use-trace-context';
export { useTrustedDocuments } from './use-trusted-documents';
export { DEFAULT_TRUSTED_DOCUMENTS, PersistedDocuments } from './persisted-documents';
export type { TrustedDocumentsSetup } from './persisted-documents';
export { trustedDocumentsFrom } from './trusted-documents-from';
