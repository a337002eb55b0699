/**
 * Every tensor a case makes (inputs and kernel outputs) goes through a `TensorScope`, which
 * disposes them all when the case ends, pass or fail. Disposing twice is harmless by contract.
 */
import type { Backend, Gradients, Shape } from '@gumbel/core';

export class TensorScope<T> {
  readonly #backend: Backend<T>;
  #owned: T[] = [];

  constructor(backend: Backend<T>) {
    this.#backend = backend;
  }

  /** Take ownership of a tensor (a kernel output) and hand it back. */
  keep<U extends T>(tensor: U): U {
    this.#owned.push(tensor);
    return tensor;
  }

  keepGradients<G extends Gradients<T>>(gradients: G): G {
    for (const t of Object.values(gradients) as T[]) this.keep(t);
    return gradients;
  }

  from(values: ArrayLike<number>, shape: Shape): T {
    return this.keep(this.#backend.fromArray(values, shape));
  }

  /** Read back as float64 (exact for either precision). */
  async read(tensor: T): Promise<Float64Array> {
    return Float64Array.from(await this.#backend.toArray(tensor));
  }

  dispose(): void {
    const owned = this.#owned;
    this.#owned = [];
    if (owned.length > 0) this.#backend.dispose(...owned);
  }
}

/** Run `body` with a fresh scope and dispose everything it made afterwards. */
export async function withTensors<T, R>(backend: Backend<T>, body: (scope: TensorScope<T>) => Promise<R> | R): Promise<R> {
  const scope = new TensorScope(backend);
  try {
    return await body(scope);
  } finally {
    scope.dispose();
  }
}
