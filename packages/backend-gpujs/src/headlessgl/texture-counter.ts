/**
 * Counts live textures of every headless-gl context by wrapping createTexture / deleteTexture on
 * headless-gl's context prototype (the `gl` package gpu.js loads), so the leak check sees GL
 * textures, not just the backend's own bookkeeping. Install before the backend is created.
 */
import { createRequire } from 'node:module';

interface GlPrototype {
  createTexture(this: unknown): object | null;
  deleteTexture(this: unknown, texture: unknown): void;
}

export function countHeadlessGlTextures(): { live(): number } {
  const fromGpujs = createRequire(createRequire(import.meta.url).resolve('gpu.js'));
  const proto = (fromGpujs('gl') as { WebGLRenderingContext: { prototype: GlPrototype } }).WebGLRenderingContext.prototype;
  const live = new Set<object>();
  const { createTexture, deleteTexture } = proto;
  proto.createTexture = function (this: unknown) {
    const texture = createTexture.call(this);
    if (texture !== null) live.add(texture);
    return texture;
  };
  proto.deleteTexture = function (this: unknown, texture: unknown) {
    deleteTexture.call(this, texture);
    if (typeof texture === 'object' && texture !== null) live.delete(texture);
  };
  return { live: () => live.size };
}
