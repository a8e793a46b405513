/**
 * How one setting's text becomes a value. `accepts` is said in every error and in the configuration
 * reference, so what an operator reads there is what the parser checks.
 */
export interface SettingKind<T> {
  /** What the setting accepts, e.g. "a duration such as 24h, 30m, 90s or 250ms". */
  accepts: string;
  /** The value of a non-empty text; throws (with any message) when the text is not accepted. */
  parse(raw: string): T;
}

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const BYTE_UNITS: Record<string, number> = { '': 1, b: 1, kib: 1024, mib: 1024 * 1024, gib: 1024 * 1024 * 1024 };

function refuse(): never {
  throw new Error('not accepted');
}

/** Milliseconds from `24h`, `30m`, `90s`, `250ms`, `7d` or a plain number of milliseconds. */
export function parseDurationText(raw: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/.exec(raw.trim());
  if (!match) refuse();
  return Math.round(Number(match[1]) * DURATION_UNITS[match[2] ?? 'ms']);
}

/** A duration; 0 allowed (for settings where 0 means "off" or "at once"). */
export const duration: SettingKind<number> = {
  accepts: 'a duration such as 24h, 30m, 90s or 250ms (a bare number is milliseconds)',
  parse: parseDurationText,
};

export const positiveDuration: SettingKind<number> = {
  accepts: 'a duration longer than 0, such as 24h, 30m, 90s or 250ms (a bare number is milliseconds)',
  parse: (raw) => {
    const value = parseDurationText(raw);
    return value > 0 ? value : refuse();
  },
};

export const count: SettingKind<number> = {
  accepts: 'a whole number above 0',
  parse: (raw) => {
    const value = Number(raw.trim());
    return Number.isInteger(value) && value > 0 ? value : refuse();
  },
};

export const port: SettingKind<number> = {
  accepts: 'a port number from 0 to 65535 (0: any free port)',
  parse: (raw) => {
    const value = Number(raw.trim());
    return Number.isInteger(value) && value >= 0 && value <= 65535 ? value : refuse();
  },
};

/** Bytes from `1MiB`, `256KiB` or a plain number of bytes. */
export const bytes: SettingKind<number> = {
  accepts: 'a size above 0 such as 5MiB, 256KiB or 1048576 (bytes)',
  parse: (raw) => {
    const match = /^(\d+)\s*(b|kib|mib|gib)?$/i.exec(raw.trim());
    const value = match ? Number(match[1]) * BYTE_UNITS[(match[2] ?? '').toLowerCase()] : 0;
    return Number.isSafeInteger(value) && value > 0 ? value : refuse();
  },
};

/** A share from 0 to 1, e.g. 0.01 for one in a hundred. */
export const ratio: SettingKind<number> = {
  accepts: 'a number from 0 to 1 (0.01: one in a hundred)',
  parse: (raw) => {
    const value = Number(raw.trim());
    return raw.trim() !== '' && value >= 0 && value <= 1 ? value : refuse();
  },
};

export const flag: SettingKind<boolean> = {
  accepts: 'true or false (also 1/0, yes/no, on/off)',
  parse: (raw) => (/^(1|true|yes|on)$/i.test(raw.trim()) ? true : /^(0|false|no|off)$/i.test(raw.trim()) ? false : refuse()),
};

export const text: SettingKind<string> = { accepts: 'any text', parse: (raw) => raw };

/** A URL with one of `protocols` (e.g. `https:`). */
export function url(...protocols: string[]): SettingKind<string> {
  return {
    accepts: `a URL (${protocols.map((p) => p.replace(/:$/, '://…')).join(' or ')})`,
    parse: (raw) => {
      let parsed: URL;
      try {
        parsed = new URL(raw.trim());
      } catch {
        return refuse();
      }
      return protocols.includes(parsed.protocol) ? raw.trim() : refuse();
    },
  };
}

/** Comma-separated items, blanks dropped. */
export const list: SettingKind<string[]> = {
  accepts: 'a comma-separated list',
  parse: (raw) =>
    raw
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
};

/** Comma-separated TCP port numbers (1 to 65535). */
export const ports: SettingKind<number[]> = {
  accepts: 'comma-separated port numbers from 1 to 65535',
  parse: (raw) => {
    const values = list.parse(raw).map((item) => (/^\d+$/.test(item) ? Number(item) : NaN));
    return values.length > 0 && values.every((value) => value >= 1 && value <= 65535) ? values : refuse();
  },
};

/** Comma-separated `host:port` addresses (Redis Cluster seed nodes); IPv6 hosts in brackets. */
export const hostPorts: SettingKind<{ host: string; port: number }[]> = {
  accepts: 'comma-separated host:port addresses such as redis-1:6379,redis-2:6379',
  parse: (raw) => {
    const items = list.parse(raw);
    if (items.length === 0) refuse();
    return items.map((item) => {
      const match = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(item);
      const port = match ? Number(match[2]) : 0;
      return match && port >= 1 && port <= 65535 ? { host: match[1].replace(/^\[|\]$/g, ''), port } : refuse();
    });
  },
};

/** A whole number from `min` to `max`. */
export function whole(min: number, max: number): SettingKind<number> {
  return {
    accepts: `a whole number from ${min} to ${max}`,
    parse: (raw) => {
      const value = Number(raw.trim());
      return Number.isInteger(value) && value >= min && value <= max ? value : refuse();
    },
  };
}

/** Comma-separated globs where `*` matches any run of characters. */
export const globs: SettingKind<string[]> = { accepts: 'comma-separated globs (`*` matches anything)', parse: (raw) => list.parse(raw) };

export function choice<T extends string>(...values: readonly T[]): SettingKind<T> {
  return {
    accepts: `one of ${values.join(', ')}`,
    parse: (raw) => (values.includes(raw.trim() as T) ? (raw.trim() as T) : refuse()),
  };
}
