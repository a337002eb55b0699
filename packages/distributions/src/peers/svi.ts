/**
 * A small stochastic variational inference loop written with the explicit VJPs, for Pyro's SVI
 * cases: the guide draws z by `rsampleVjp`, the ELBO's terms are evaluated by `logProbVjp`, and the
 * gradient of a term wrt z flows back through z's own `backward` (the chain rule by hand), then
 * Adam steps on the guide's logits.
 */
export class Adam {
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private t = 0;
  constructor(
    readonly params: Float64Array,
    private readonly rate: number,
  ) {
    this.m = new Float64Array(params.length);
    this.v = new Float64Array(params.length);
  }

  /** One descent step along −grad. */
  step(grad: ArrayLike<number>): void {
    this.t++;
    for (let i = 0; i < this.params.length; i++) {
      const g = grad[i] as number;
      this.m[i] = 0.9 * (this.m[i] as number) + 0.1 * g;
      this.v[i] = 0.999 * (this.v[i] as number) + 0.001 * g * g;
      const mh = (this.m[i] as number) / (1 - 0.9 ** this.t);
      const vh = (this.v[i] as number) / (1 - 0.999 ** this.t);
      this.params[i] = (this.params[i] as number) - (this.rate * mh) / (Math.sqrt(vh) + 1e-8);
    }
  }
}
