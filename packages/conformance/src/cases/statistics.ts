import type { SuiteContext } from '../context.js';

export function registerStatisticsCases<T>(_ctx: SuiteContext<T>): void {}
