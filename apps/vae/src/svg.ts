/** The SVG line chart lives in @gumbel/mnist-shared (apps/semisupervised's plots use it too); this module keeps the VAE's import paths. */
export { lineChart, niceTicks, PALETTE } from '@gumbel/mnist-shared';
export type { ChartOptions, Series, ReferenceLine } from '@gumbel/mnist-shared';
