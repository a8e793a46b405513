/** The JSON error body every ingest door answers with: GraphQL's error shape, so clients parse one form. */
export function problem(code: string, message: string) {
  return { errors: [{ message, extensions: { code } }] };
}
