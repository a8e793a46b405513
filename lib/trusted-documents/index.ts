export { manifestProblems } from './manifest-problems';
export { MANIFEST_FORMAT, ManifestError, parseManifest } from './persisted-query-manifest';
export type { ManifestOperation, ManifestOperationType, PersistedQueryManifest } from './persisted-query-manifest';
