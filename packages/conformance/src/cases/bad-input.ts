import type { SuiteContext } from '../context.js';

export function registerBadInputCases<T>(_ctx: SuiteContext<T>): void {}
