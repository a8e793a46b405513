import type { LookupAddress } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns';
import { isIP } from 'node:net';
import { isPrivateAddress } from './special-addresses';

/**
 * SSRF protection: webhook targets must be public addresses (special-addresses.ts) on the web's
 * ports. The address check runs on the addresses the name resolves to, inside the connection's own
 * lookup, so a name that resolves to a public address when checked and a private one when
 * connecting (DNS rebinding) is still refused.
 */

/** What a target may be: private targets and plain http (development), and ports beyond 443 and 80. */
export interface TargetPolicy {
  allowPrivateTargets: boolean;
  /** Ports allowed besides the scheme's default (443 for https, 80 for http); undefined: none. */
  allowedPorts?: readonly number[];
}

export class TargetRefused extends Error {}

/**
 * Checks a URL's scheme, port and, for an IP literal, its address (a literal is never looked up).
 * Only the scheme's own port is allowed unless listed: a target on any port would let a customer
 * probe other services of a public host and read the answer in its delivery record.
 */
export function checkTargetUrl(raw: string, policy: TargetPolicy): URL {
  const allowPrivate = policy.allowPrivateTargets;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TargetRefused(`"${raw}" is not an absolute URL`);
  }
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:')) {
    throw new TargetRefused('webhook URLs must use https (http only with LADING_WEBHOOK_ALLOW_PRIVATE)');
  }
  if (url.username || url.password) throw new TargetRefused('webhook URLs may not carry credentials');
  // The URL parser drops a scheme's default port, so an empty port is 443 (https) or 80 (http).
  if (!allowPrivate && url.port !== '' && !(policy.allowedPorts ?? []).includes(Number(url.port)))
    throw new TargetRefused(
      `port ${url.port} is not allowed: webhook targets use port ${url.protocol === 'https:' ? 443 : 80} or one of LADING_WEBHOOK_ALLOWED_PORTS`,
    );
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && isIP(host) !== 0 && isPrivateAddress(host))
    throw new TargetRefused(`${host} is a loopback, private or special-purpose address`);
  return url;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` for net/tls connections that refuses names resolving to any private address. */
export function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: { all?: boolean; family?: number }, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const list = addresses;
      const refused = allowPrivate ? undefined : list.find((a) => isPrivateAddress(a.address));
      if (refused)
        return callback(
          Object.assign(new TargetRefused(`${hostname} resolves to ${refused.address}, a loopback, private or special-purpose address`), {
            code: 'ESSRF',
          }),
          [],
        );
      if (options.all) return callback(null, list);
      callback(null, list[0].address, list[0].family);
    });
  };
}

/** Resolves a target's name once at registration, so an obviously private target is refused up front. */
export function resolveTarget(url: URL, allowPrivate: boolean): Promise<void> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (allowPrivate || isIP(host) !== 0) return Promise.resolve();
  return new Promise((resolve, reject) =>
    guardedLookup(false)(host, { all: true }, (error) =>
      error
        ? reject(error instanceof TargetRefused ? error : new TargetRefused(`${host} could not be resolved: ${error.message}`))
        : resolve(),
    ),
  );
}
