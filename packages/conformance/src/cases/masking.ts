import type { SuiteContext } from '../context.js';

export function registerMaskingCases<T>(_ctx: SuiteContext<T>): void {}
