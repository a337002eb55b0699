/**
 * Counts WebGL textures created and deleted on every context of the page, by wrapping the
 * prototypes' createTexture/deleteTexture before any context exists — an outside view of leaks that
 * does not trust the backend's own bookkeeping.
 */
interface Proto {
  createTexture(): unknown;
  deleteTexture(texture: unknown): void;
}

export function countTextures(): { live(): number } {
  const live = new Set<unknown>();
  const g = globalThis as unknown as Record<string, { prototype: Proto } | undefined>;
  for (const name of ['WebGL2RenderingContext', 'WebGLRenderingContext']) {
    const proto = g[name]?.prototype;
    if (!proto) continue;
    const create = proto.createTexture;
    const remove = proto.deleteTexture;
    proto.createTexture = function (this: Proto) {
      const t = create.call(this);
      if (t) live.add(t);
      return t;
    };
    proto.deleteTexture = function (this: Proto, texture: unknown) {
      live.delete(texture);
      remove.call(this, texture);
    };
  }
  return { live: () => live.size };
}
