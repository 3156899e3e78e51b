// The one chart the shared builders ($lib/charts) do not draw: a unit ranking for the
// indicator page. Plain data in, an ECharts option out.

export interface RankData {
  names: string[];
  values: number[];
  labels: string[];
}

export function rankChartOption(d: RankData) {
  return {
    grid: { left: 8, right: 56, top: 8, bottom: 8 },
    xAxis: { type: "value", axisLabel: { show: false }, splitLine: { show: false } },
    yAxis: { type: "category", data: d.names, inverse: true, axisLabel: { fontSize: 11, color: "#1b1f24" } },
    series: [
      {
        type: "bar",
        data: d.values,
        barMaxWidth: 18,
        itemStyle: { color: "#8b1a1a" },
        label: {
          show: true,
          position: "right",
          formatter: (p: { dataIndex: number }) => d.labels[p.dataIndex] ?? "",
        },
      },
    ],
  };
}
