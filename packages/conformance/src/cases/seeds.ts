import type { SuiteContext } from '../context.js';

export function registerSeedCases<T>(_ctx: SuiteContext<T>): void {}
