/**
 * What the estimator lab measures, derived from the estimator registry so that a new estimator
 * appears in the lab without an edit here. Per variable (the registry's `variable`: categorical or
 * Bernoulli) the lab runs
 *   - the report's curated rows for that toy problem (`REPORT_ESTIMATORS` / `BERNOULLI_REPORT_ESTIMATORS`:
 *     the variants worth comparing, e.g. Gumbel-Rao at K = 10 and 100, VIMCO against its own bound), then
 *   - every registry entry of that variable that no report list names, with its default options.
 * Each is measured against the toy problem's exact gradient by enumeration (`exactGradient` over the
 * k classes, `exactBernoulliGradient` over the 2^d bit patterns). An entry the lab cannot drive is
 * listed with the reason, never dropped: a kind other than the three `drawGradients` knows, or a
 * variable without a toy problem. At run time an estimator the backend cannot run
 * (`UnsupportedOperationError`) is listed as skipped, and any other error as failed, so one estimator
 * cannot sink the panel and the page still says what went wrong.
 */
import { UnsupportedOperationError } from '@gumbel/core';
import type { Backend } from '@gumbel/core';
import {
  BERNOULLI_REPORT_ESTIMATORS,
  ESTIMATORS,
  REPORT_ESTIMATORS,
  biasVarianceReport,
  createBernoulliToyProblem,
  createToyProblem,
} from '@gumbel/estimators';
import type { EstimatorEntry, ReportEntry, ReportRow, ToyProblem } from '@gumbel/estimators';

/** The registry's variables, as the lab names them in its menu. */
export type LabVariable = EstimatorEntry['variable'];

/** The kinds `drawGradients` can feed (dL/dz, f(z), or f and ∇f at the sample's points). */
const LAB_KINDS: readonly string[] = ['pathwise', 'score-function', 'control-variate'];

const TOY_PROBLEMS: Readonly<Record<string, () => ToyProblem>> = {
  categorical: () => createToyProblem(10),
  bernoulli: () => createBernoulliToyProblem(8),
};

const REPORT_LISTS: Readonly<Record<string, readonly ReportEntry[]>> = {
  categorical: REPORT_ESTIMATORS,
  bernoulli: BERNOULLI_REPORT_ESTIMATORS,
};

export interface LabEntry extends ReportEntry {
  /**
   * The smallest τ the estimator accepts (the registry's `minTau`, where an entry has one): the lab
   * runs it at max(τ, minTau) and says so in the row's label, instead of showing an error.
   */
  readonly minTau?: number;
}

export interface NotInLab {
  readonly id: string;
  readonly label: string;
  readonly reason: string;
}

export interface LabPlan {
  readonly variable: string;
  /** Undefined for a variable the lab has no toy problem for (its entries are all in `notInLab`). */
  readonly problem: ToyProblem | undefined;
  readonly entries: readonly LabEntry[];
  /** Registry entries of this variable the lab cannot drive, with the reason. */
  readonly notInLab: readonly NotInLab[];
}

export interface PlanSources {
  readonly registry: readonly EstimatorEntry[];
  /** Curated report rows per variable. */
  readonly reportLists: Readonly<Record<string, readonly ReportEntry[]>>;
}

const DEFAULT_SOURCES: PlanSources = { registry: ESTIMATORS, reportLists: REPORT_LISTS };

/** The variables the registry has, in registry order (the lab's menu). */
export function labVariables(sources: PlanSources = DEFAULT_SOURCES): string[] {
  return [...new Set(sources.registry.map((e) => e.variable))];
}

/**
 * `minTau` is read structurally: the registry may or may not declare it on every entry, and an entry
 * without it (or with a non-number) has no lower bound for the lab to respect.
 */
function minTauOf(entry: EstimatorEntry): number | undefined {
  const value: unknown = (entry as { readonly minTau?: unknown }).minTau;
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

/** A registry entry no report list names, with its own defaults (the seed is the only option). */
function registryRow(entry: EstimatorEntry): LabEntry {
  const minTau = minTauOf(entry);
  return {
    id: entry.id,
    label: entry.id,
    usesTau: entry.usesTau,
    // Score-function estimators draw their default m samples, which the registry does not state.
    samplesPerGradient: entry.kind === 'score-function' ? Number.NaN : 1,
    make: (b, seed) => entry.create(b, { seed }),
    ...(minTau === undefined ? {} : { minTau }),
  };
}

export function labPlan(variable: string, sources: PlanSources = DEFAULT_SOURCES): LabPlan {
  const ofVariable = sources.registry.filter((e) => e.variable === variable);
  const makeProblem = TOY_PROBLEMS[variable];
  if (makeProblem === undefined) {
    const reason = `no toy problem for variable '${variable}' in the lab`;
    return { variable, problem: undefined, entries: [], notInLab: ofVariable.map((e) => ({ id: e.id, label: e.label, reason })) };
  }
  const byId = new Map(sources.registry.map((e) => [e.id, e]));
  // A curated row whose id left the registry (or moved to another variable) is not this list's.
  const curated = (sources.reportLists[variable] ?? []).filter((r) => byId.get(r.id)?.variable === variable);
  const named = new Set(Object.values(sources.reportLists).flatMap((list) => list.map((r) => r.id)));
  const entries: LabEntry[] = [...curated];
  const notInLab: NotInLab[] = [];
  for (const entry of ofVariable) {
    if (named.has(entry.id)) continue;
    if (LAB_KINDS.includes(entry.kind)) entries.push(registryRow(entry));
    else notInLab.push({ id: entry.id, label: entry.label, reason: `kind '${entry.kind}': the lab drives ${LAB_KINDS.join(', ')} estimators only` });
  }
  return { variable, problem: makeProblem(), entries, notInLab };
}

export interface LabRow {
  readonly id: string;
  readonly row: ReportRow;
}

export interface LabProblem {
  readonly description: string;
  readonly exactGradient: readonly number[];
}

export interface LabResult {
  readonly problem: LabProblem | undefined;
  readonly rows: readonly LabRow[];
  /** Estimators this backend cannot run (`UnsupportedOperationError`), with its reason. */
  readonly skipped: readonly NotInLab[];
  /** Estimators that threw anything else: a bug to look at, shown rather than hidden. */
  readonly failed: readonly NotInLab[];
}

export interface LabRunOptions {
  readonly tau: number;
  readonly draws: number;
  readonly seed: number;
}

/** One estimator at a time, so one that cannot run is listed instead of sinking the whole panel. */
export async function runLab<T>(backend: Backend<T>, plan: LabPlan, options: LabRunOptions): Promise<LabResult> {
  const rows: LabRow[] = [];
  const skipped: NotInLab[] = [];
  const failed: NotInLab[] = [];
  const { problem } = plan;
  if (problem === undefined) return { problem: undefined, rows, skipped, failed };
  for (const entry of plan.entries) {
    const raised = entry.usesTau && entry.minTau !== undefined && options.tau < entry.minTau;
    const tau = raised ? (entry.minTau as number) : options.tau;
    const labelled: ReportEntry = raised ? { ...entry, label: `${entry.label} (τ raised to ${tau}, its minimum)` } : entry;
    try {
      const report = await biasVarianceReport(backend, { taus: [tau], draws: options.draws, seed: options.seed, estimators: [labelled], problem });
      for (const row of report.rows) rows.push({ id: entry.id, row });
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      (error instanceof UnsupportedOperationError ? skipped : failed).push({ id: entry.id, label: entry.label, reason: message });
    }
  }
  return { problem: { description: problem.description, exactGradient: Array.from(problem.exact) }, rows, skipped, failed };
}
