/**
 * Browser-safe half of the case lists (case-list.ts is the Node half): what a page publishes about
 * its backend, and the stub backend a suite is registered with to list its cases.
 */
/** What a page publishes about its backend for the driver to derive the case list. */
export interface BackendManifest {
  readonly name: string;
  readonly mode: string;
  readonly floatPrecision: 32 | 64;
  /** The backend's `supports` flags (@gumbel/core's BackendCapabilities; this package does not depend on core). */
  readonly supports: object;
}

export interface CaseEntry {
  readonly name: string;
  readonly skip: boolean;
}

export const manifestOf = (backend: BackendManifest): BackendManifest => ({
  name: backend.name,
  mode: backend.mode,
  floatPrecision: backend.floatPrecision,
  supports: { ...backend.supports },
});

/** A backend that only has its manifest: enough to register a suite, not to run one. `B`: the suite's backend type. */
export function stubBackend<B>(manifest: BackendManifest): B {
  return new Proxy({ ...manifest } as unknown as B & object, {
    get(target, key) {
      if (key in target || key === 'then' || typeof key === 'symbol') return (target as unknown as Record<PropertyKey, unknown>)[key];
      throw new Error(`stubBackend: the suite used backend.${String(key)} while registering its cases`);
    },
  });
}

