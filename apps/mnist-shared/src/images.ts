/** What both MNIST apps (apps/vae, apps/semisupervised) hand their models: binary 28×28 digits with labels. */
export const PIXELS = 784;

export interface BinaryImages {
  /** count · 784 values, each 0 or 1. */
  readonly pixels: Float32Array;
  readonly labels: Uint8Array;
  readonly count: number;
}
