import type { SuiteContext } from '../context.js';

export function registerDensityIntegrationCases<T>(_ctx: SuiteContext<T>): void {}
