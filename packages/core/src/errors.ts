/**
 * Typed argument errors. Every rejection names the argument and shows the offending value, so a
 * user who passes `tau: 0` deep inside a training loop reads `tau must be finite and > 0, got 0`
 * instead of a NaN loss three thousand steps later.
 */

/** Render a value for an error message: short, unambiguous (NaN, -Infinity, 1e-300 stay visible). */
export function describeValue(value: unknown): string {
  if (typeof value === 'number') {
    if (Object.is(value, -0)) return '-0';
    return String(value);
  }
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || value === undefined) return String(value);
  if (ArrayBuffer.isView(value) || Array.isArray(value)) {
    const items = Array.from(value as ArrayLike<unknown>);
    const shown = items.slice(0, 8).map(describeValue).join(', ');
    return `[${shown}${items.length > 8 ? `, … (${items.length} items)` : ''}]`;
  }
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  try {
    return JSON.stringify(value) ?? Object.prototype.toString.call(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

function compose(argument: string, requirement: string, value: unknown, detail?: string): string {
  return `${argument} must be ${requirement}, got ${detail ?? describeValue(value)}`;
}

/** A value of the right type but out of its allowed range (τ ≤ 0, NaN logits, negative seed…). */
export class GumbelRangeError extends RangeError {
  override readonly name = 'GumbelRangeError';
  constructor(
    /** The argument's name as the caller knows it, e.g. `tau` or `logits[3]`. */
    readonly argument: string,
    /** The offending value (the element, for arrays). */
    readonly value: unknown,
    /** What the value must be, e.g. `finite and > 0`. */
    readonly requirement: string,
    detail?: string,
  ) {
    super(compose(argument, requirement, value, detail));
  }
}

/** A value of the wrong type or shape (a string for τ, a [3, 4] tensor where [3, 5] was needed…). */
export class GumbelTypeError extends TypeError {
  override readonly name = 'GumbelTypeError';
  constructor(
    readonly argument: string,
    readonly value: unknown,
    readonly requirement: string,
    detail?: string,
  ) {
    super(compose(argument, requirement, value, detail));
  }
}

/** An operation the backend cannot perform (see its `supports` manifest). Never a silent fallback. */
export class UnsupportedOperationError extends Error {
  override readonly name = 'UnsupportedOperationError';
  constructor(
    readonly backend: string,
    readonly operation: string,
    reason: string,
  ) {
    super(`${backend} backend does not support ${operation}: ${reason}`);
  }
}
