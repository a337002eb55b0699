// The `mnist` package (1.1.0) ships no types; only the per-digit raw arrays are used.
declare module 'mnist' {
  interface MnistDigit {
    readonly id: number;
    /** length · 784 intensities in [0, 1], row-major 28×28 images one after another. */
    readonly raw: readonly number[];
    readonly length: number;
  }
  const digits: readonly MnistDigit[];
  export default digits;
}
