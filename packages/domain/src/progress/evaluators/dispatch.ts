import { NOT_DUE } from "../status.ts";
import type { CompiledTarget } from "../target-forms.ts";
import type { Target } from "../types.ts";
import { evaluateCategory } from "./category.ts";
import {
  type Ctx,
  clearDetail,
  compiledClause,
  compiledTarget,
  type Detail,
  type IndicatorCtx,
  judgedStatus,
  KIND_CATEGORY,
  KIND_FLOW,
  KIND_MILESTONE,
  note,
} from "./context.ts";
import { evaluateFlow } from "./flow.ts";
import { evaluateAverageGrowth } from "./growth.ts";
import { evaluateLevel } from "./level.ts";
import { evaluateMilestone } from "./milestone.ts";

export function evaluateSeries(ctx: Ctx, s: number, d: Detail): void {
  clearDetail(d);
  const input = ctx.input;
  const ic = ctx.indicators[input.seriesIndicator[s] as number];
  if (!ic) throw new RangeError(`series ${s} points at a missing indicator`);
  const t = input.seriesTarget[s] as number;
  if (t < 0) {
    d.status = NOT_DUE;
    note(d, "Không có chỉ tiêu cho đơn vị và kỳ này / no target for this unit and period");
    return;
  }
  const ct = compiledTarget(ctx, t, ic.indicator);
  dispatch(ctx, s, ic, ct, d);
  const clauses = ct.source.clauses;
  if (clauses && clauses.length > 0) combineClauses(ctx, s, ic, clauses, d);
}

/**
 * A compound target: every clause is judged; the verdict is the worst judged clause (all must
 * be met), and a clause that cannot be judged (no baseline) does not hide the others.
 */
export function combineClauses(ctx: Ctx, s: number, ic: IndicatorCtx, clauses: Target[], d: Detail): void {
  const c = ctx.clauseDetail;
  let status = d.status;
  let decides = -1;
  let worst = d.worst;
  for (let i = 0; i < clauses.length; i++) {
    clearDetail(c);
    dispatch(ctx, s, ic, compiledClause(ctx, clauses[i] as Target, ic.indicator), c);
    if (!judgedStatus(c.status)) continue;
    if (c.worst > worst) worst = c.worst;
    if (!judgedStatus(status) || c.status > status) {
      status = c.status;
      decides = i;
    }
  }
  d.status = status;
  d.decides = decides;
  d.worst = worst;
}

export function dispatch(ctx: Ctx, s: number, ic: IndicatorCtx, ct: CompiledTarget, d: Detail): void {
  if (ct.form === "milestone" || ic.kind === KIND_MILESTONE) evaluateMilestone(ctx, s, ct, d);
  else if (ct.form === "avg_annual_growth") evaluateAverageGrowth(ctx, s, ic, ct, d);
  else if (ic.kind === KIND_CATEGORY || ct.form === "category") evaluateCategory(ctx, s, ic, ct, d);
  else if ((ic.kind === KIND_FLOW && !ct.multiYear) || ct.form === "share_of_plan")
    evaluateFlow(ctx, s, ic, ct, d);
  else evaluateLevel(ctx, s, ic, ct, d);
}
