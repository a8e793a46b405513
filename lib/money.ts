import { ISO_4217_CODES } from './currencies';

/** Money is a decimal string and an ISO 4217 code; arithmetic is exact, in integer minor units. */
export interface Money {
  amount: string;
  currency: string;
}

/** A decimal amount as a string (exported for the event catalogue's schemas). */
export const DECIMAL = /^-?\d{1,15}(\.\d{1,6})?$/;
/** The shape of a currency code; which codes exist is ISO_4217_CODES (lib/currencies.ts). */
export const CURRENCY = /^[A-Z]{3}$/;
const SCALE = 6;

export function isDecimalString(value: unknown): value is string {
  return typeof value === 'string' && DECIMAL.test(value);
}

/** An ISO 4217 code of a currency in use (lib/currencies.ts), not merely three capital letters. */
export function isCurrencyCode(value: unknown): value is string {
  return typeof value === 'string' && ISO_4217_CODES.has(value);
}

function toUnits(amount: string): bigint {
  const negative = amount.startsWith('-');
  const [whole, fraction = ''] = amount.replace('-', '').split('.');
  const units = BigInt(whole + fraction.padEnd(SCALE, '0'));
  return negative ? -units : units;
}

function fromUnits(units: bigint): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(SCALE + 1, '0');
  const whole = digits.slice(0, -SCALE);
  const fraction = digits.slice(-SCALE).replace(/0+$/, '').padEnd(2, '0');
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}

/** Sums amounts of one currency; throws when currencies are mixed, since that sum has no meaning. */
export function sumMoney(items: readonly Money[], currency: string): Money {
  let total = 0n;
  for (const item of items) {
    if (item.currency !== currency) throw new Error(`cannot add ${item.currency} to ${currency}`);
    total += toUnits(item.amount);
  }
  return { amount: fromUnits(total), currency };
}

export function normalizeMoney(money: Money): Money {
  return { amount: fromUnits(toUnits(money.amount)), currency: money.currency };
}

/** Money from a field whose amount and currency are each optional (e.g. a tender's `ratedCost`): null unless both are there. */
export function optionalMoney(value: { amount?: string | null; currency?: string | null } | null | undefined): Money | null {
  return value?.amount && value.currency ? normalizeMoney({ amount: value.amount, currency: value.currency }) : null;
}

/** `a - b` of one currency. */
export function subtractMoney(a: Money, b: Money): Money {
  if (a.currency !== b.currency) throw new Error(`cannot subtract ${b.currency} from ${a.currency}`);
  return { amount: fromUnits(toUnits(a.amount) - toUnits(b.amount)), currency: a.currency };
}

/** Whether |amount| ≤ max(`absolute`, `percent` % of |base|), exactly (no floating point). */
export function withinTolerance(amount: Money, base: Money, tolerance: { percent: number; absolute: string }): boolean {
  const abs = (u: bigint) => (u < 0n ? -u : u);
  const variance = abs(toUnits(amount.amount));
  // Percent in hundredths, so that 2.5 % stays exact.
  const relative = (abs(toUnits(base.amount)) * BigInt(Math.round(tolerance.percent * 100))) / 10_000n;
  const absolute = toUnits(tolerance.absolute);
  return variance <= (relative > absolute ? relative : absolute);
}
