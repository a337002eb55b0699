/**
 * Loads the WebAssembly SIMD kernels (assembly/kernels.ts, shipped as base64 in kernels-wasm.ts) and
 * manages their linear memory as one scratch arena: inputs are copied in, a kernel runs, outputs
 * are copied out. Large tensors are processed in chunks of rows, so the arena stays a few hundred
 * KiB (cache-resident) whatever the tensor size, and no call allocates beyond its outputs.
 */
import { KERNELS_WASM_BASE64 } from './kernels-wasm.js';

// Typed locally: the package compiles against ES2022 alone (no DOM or Node type libraries), and
// these types stay out of its public declarations.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmGlobal {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: object };
}
const host = globalThis as { WebAssembly?: WasmGlobal; atob?: (data: string) => string };

export interface KernelExports {
  readonly memory: WasmMemory;
  heapBase(): number;
  noise(out: number, n: number, k0: number, k1: number, lo: number, hi: number, kind: number): void;
  fromUniforms(inp: number, out: number, n: number, kind: number): void;
  softmaxRows(logits: number, noise: number, hasNoise: number, tau: number, tauStride: number, batch: number, k: number, soft: number, hard: number, mode: number): number;
  softmaxVjpRows(logits: number, noise: number, hasNoise: number, tau: number, tauStride: number, batch: number, k: number, y: number, dy: number, dLogits: number, dTauRows: number): number;
}

/** Elements per chunk: 2^16 floats = 256 KiB per buffer, so a row kernel's buffers fit in L2. */
export const CHUNK_ELEMENTS = 1 << 16;
/** Slack after each buffer: kernels run in whole vectors (noise: 16 lanes per iteration). */
const SLACK_BYTES = 64;

let bytes: Uint8Array | undefined;
let compiled: object | undefined;
let simdSupport: boolean | undefined;

function kernelBytes(): Uint8Array {
  if (bytes === undefined) {
    if (host.atob === undefined) throw new Error('globalThis.atob is missing');
    const binary = host.atob(KERNELS_WASM_BASE64);
    bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  }
  return bytes;
}

/** WebAssembly with the SIMD proposal: the module itself is the feature test (it uses v128). */
export function wasmSimdAvailable(): boolean {
  if (simdSupport === undefined) {
    const wasm = host.WebAssembly;
    simdSupport = wasm !== undefined && typeof wasm.validate === 'function' && host.atob !== undefined && wasm.validate(kernelBytes());
  }
  return simdSupport;
}

/** A kernel instance with its own memory; one per backend, so backends never share scratch. */
export class WasmArena {
  readonly kernels: KernelExports;
  readonly #base: number;
  #f32: Float32Array;

  constructor() {
    const wasm = host.WebAssembly;
    if (wasm === undefined || !wasmSimdAvailable()) throw new Error('WebAssembly SIMD is not available');
    compiled ??= new wasm.Module(kernelBytes());
    const instance = new wasm.Instance(compiled, {
      env: {
        abort: () => {
          throw new Error('gumbel wasm kernel aborted');
        },
      },
    });
    this.kernels = instance.exports as unknown as KernelExports;
    this.#base = (this.kernels.heapBase() + 63) & ~63;
    this.#f32 = new Float32Array(this.kernels.memory.buffer);
  }

  /**
   * Byte offsets of buffers of the given float counts, laid out after the kernels' static data,
   * growing memory when needed. Offsets stay valid until the next `layout` call.
   */
  layout(counts: readonly number[]): number[] {
    const offsets: number[] = [];
    let at = this.#base;
    for (const c of counts) {
      offsets.push(at);
      at += ((c * 4 + SLACK_BYTES + 63) & ~63);
    }
    const memory = this.kernels.memory;
    if (at > memory.buffer.byteLength) memory.grow(Math.ceil((at - memory.buffer.byteLength) / 65536));
    return offsets;
  }

  /** A view of the whole memory (refreshed after growth, which replaces the buffer). */
  get f32(): Float32Array {
    if (this.#f32.buffer !== this.kernels.memory.buffer) this.#f32 = new Float32Array(this.kernels.memory.buffer);
    return this.#f32;
  }

  /** Bytes of linear memory this arena holds (for peak-memory reports). */
  get bytes(): number {
    return this.kernels.memory.buffer.byteLength;
  }
}
