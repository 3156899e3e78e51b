import { BarChart, GaugeChart, LineChart } from "echarts/charts";
import {
  GraphicComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TitleComponent,
} from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";

// Only what the portal draws is registered: the server bundle stays small and the same
// registrations serve the interactive dashboard when it imports these builders.
echarts.use([
  BarChart,
  LineChart,
  GaugeChart,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TitleComponent,
  GraphicComponent,
  SVGRenderer,
]);

export type ChartOption = echarts.EChartsCoreOption;
export { echarts };

export interface RenderOptions {
  width: number;
  height: number;
  /** the text alternative: becomes aria-label and <title> of the SVG */
  label?: string;
}

// no quotes: the SVG must stay well-formed XML when it is served alone
const FONT = "system-ui, -apple-system, Segoe UI, Roboto, Noto Sans, sans-serif";

/** Server-side SVG with ECharts' SSR renderer: no DOM, no JavaScript needed to see it. */
export function renderSvg(option: ChartOption, { width, height, label }: RenderOptions): string {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: FONT }, ...option });
    const svg = chart.renderToSVGString();
    return label ? labelSvg(svg, label) : svg;
  } finally {
    chart.dispose();
  }
}

export function escapeXml(s: string): string {
  return s.replace(
    /[<>&"']/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c] as string,
  );
}

function labelSvg(svg: string, label: string): string {
  const text = escapeXml(label);
  return svg
    .replace(/^<svg /, `<svg role="img" aria-label="${text}" `)
    .replace(/(<svg[^>]*>)/, `$1<title>${text}</title>`);
}
