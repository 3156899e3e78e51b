// Chart option builders and the server-side SVG renderer. Pure: the same options feed the
// portal's SSR images and the internal dashboard's interactive charts.
export { type Band, extent, type TargetShape, targetShape } from "./bands.ts";
export { type BulletFigures, bulletFigures, bulletOption, isBulletRow } from "./bullet.ts";
export { CHART, STATUS_COLORS } from "./colors.ts";
export { type ChartOption, echarts, escapeXml, type RenderOptions, renderSvg } from "./echarts.ts";
export { num, periodLabel, shortPeriodLabel, withUnit } from "./format.ts";
export { type GaugeInput, gaugeOption, rowGaugeInput, rowGaugeOption } from "./gauge.ts";
export { type Stamp, stampOption } from "./stamp.ts";
export { cumulativeByYear, type TrendData, type TrendLine, trendData, trendOption } from "./trend.ts";
export type { ChartIndicator, ChartLang, ChartRow, ChartTarget, TrendPoint, TrendSeries } from "./types.ts";
