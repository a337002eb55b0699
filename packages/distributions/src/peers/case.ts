/** A ported peer test case: the peer file it was learned from, its name there, and our check. */
export interface PortedCase {
  readonly source: string;
  readonly name: string;
  readonly run: () => void | Promise<void>;
}
