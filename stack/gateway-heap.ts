/**
 * The gateway's V8 old-space limit, in MiB. Without one, V8 sizes the heap from the machine's
 * memory and, on a machine with gigabytes free, lets it grow to about four times what is live
 * before collecting: a burst of 20,000 subscription updates took a gateway with ~300 MiB live to
 * 710–780 MiB RSS, nearly all of it garbage. Under a 1 GiB limit the heap grows by at most about
 * 1.6× and the same burst peaked at ~460 MiB, no slower (docs/subscriptions.md, "Bursts"). Keep it
 * above the live heap with room to spare (20,000 subscribers: ~300 MiB), raised with the memory the
 * gateway's container may use. docker-compose.yml passes the same flag.
 */
export const GATEWAY_HEAP_MIB = 1024;

/** Node options that start a gateway process with that limit. */
export const GATEWAY_NODE_OPTIONS = [`--max-old-space-size=${GATEWAY_HEAP_MIB}`];
