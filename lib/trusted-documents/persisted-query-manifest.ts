/** The `format` of Apollo's persisted query manifest (as `generate-persisted-query-manifest` writes it). */
export const MANIFEST_FORMAT = 'apollo-persisted-query-manifest';

export type ManifestOperationType = 'query' | 'mutation' | 'subscription';
const OPERATION_TYPES: readonly string[] = ['query', 'mutation', 'subscription'];

/** One trusted document: clients name it by `id` (the SHA-256 of `body` as Apollo's tool writes it). */
export interface ManifestOperation {
  id: string;
  name: string;
  type: ManifestOperationType;
  body: string;
}

export interface PersistedQueryManifest {
  format: typeof MANIFEST_FORMAT;
  version: 1;
  operations: ManifestOperation[];
}

/** A manifest that cannot be read: the message names the file and, where one is at fault, the operation. */
export class ManifestError extends Error {}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function operationAt(raw: unknown, index: number, source: string): ManifestOperation {
  const where = `${source}: operations[${index}]`;
  if (!isObject(raw)) throw new ManifestError(`${where} is not an object`);
  const { id, name, type, body } = raw;
  const label = typeof name === 'string' ? `${where} (${name})` : where;
  if (typeof id !== 'string' || id === '') throw new ManifestError(`${label} has no \`id\` (a string)`);
  if (typeof name !== 'string') throw new ManifestError(`${label} has no \`name\` (a string)`);
  if (typeof type !== 'string' || !OPERATION_TYPES.includes(type))
    throw new ManifestError(`${label} has \`type\` ${JSON.stringify(type)}: one of ${OPERATION_TYPES.join(', ')} expected`);
  if (typeof body !== 'string' || body.trim() === '') throw new ManifestError(`${label} has no \`body\` (the document's text)`);
  return { id, name, type: type as ManifestOperationType, body };
}

/**
 * A manifest's text as trusted documents: `{"format":"apollo-persisted-query-manifest","version":1,
 * "operations":[{"id","name","type","body"}]}`. Throws ManifestError naming what is not in the format.
 */
export function parseManifest(text: string, source: string): PersistedQueryManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ManifestError(`${source} is not JSON: ${(error as Error).message}`);
  }
  if (!isObject(raw) || raw.format !== MANIFEST_FORMAT)
    throw new ManifestError(`${source} is not a persisted query manifest: "format" must be "${MANIFEST_FORMAT}"`);
  if (raw.version !== 1) throw new ManifestError(`${source}: manifest version ${JSON.stringify(raw.version)} is not supported (1 is)`);
  if (!Array.isArray(raw.operations)) throw new ManifestError(`${source}: "operations" must be an array`);
  const operations = raw.operations.map((op, i) => operationAt(op, i, source));
  const seen = new Map<string, ManifestOperation>();
  for (const op of operations) {
    const earlier = seen.get(op.id);
    if (earlier && earlier.body !== op.body)
      throw new ManifestError(`${source}: operations ${earlier.name} and ${op.name} share the id ${op.id} with different documents`);
    seen.set(op.id, op);
  }
  return { format: MANIFEST_FORMAT, version: 1, operations };
}
