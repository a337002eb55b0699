import type { SuiteContext } from '../context.js';

export function registerGradientCases<T>(_ctx: SuiteContext<T>): void {}
