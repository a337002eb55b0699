/**
 * The browser targets of the distributions conformance run, one place for the page and its case
 * list: their names and the suite's name (the page makes the backends and picks the tape; neither changes which cases are registered).
 */

export const TARGETS = ['tfjs-webgl', 'gpujs-webgl2'] as const;
export type Target = (typeof TARGETS)[number];

export const suiteName = (target: Target): string => target.replace('-', ' ');
