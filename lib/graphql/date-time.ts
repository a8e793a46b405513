import { GraphQLScalarType, Kind } from 'graphql';
import { isRfc3339 } from '../events/rfc3339';

/** RFC 3339 timestamps, always serialized in UTC. */
export const DateTime = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  description: 'An RFC 3339 date-time, serialized in UTC',
  serialize(value) {
    if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw new TypeError('DateTime cannot represent this value');
    return new Date(value).toISOString();
  },
  parseValue(value) {
    if (!isRfc3339(value)) throw new TypeError('DateTime must be an RFC 3339 date-time with offset');
    return new Date(value).toISOString();
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING || !isRfc3339(ast.value)) throw new TypeError('DateTime must be an RFC 3339 date-time with offset');
    return new Date(ast.value).toISOString();
  },
});
