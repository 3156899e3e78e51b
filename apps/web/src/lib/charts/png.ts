import { Resvg } from "@resvg/resvg-js";

// SVG → PNG with resvg (Rust, shipped prebuilt in the npm package; no browser, no native build).
// Text needs a font with Vietnamese letters: the system's DejaVu Sans or Liberation Sans
// (Debian: fonts-dejavu-core, installed with Chromium), else whatever sans-serif exists.
export function svgToPng(svg: string, scale = 2): Uint8Array<ArrayBuffer> {
  const resvg = new Resvg(svg, {
    fitTo: { mode: "zoom", value: scale },
    background: "#ffffff",
    font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" },
  });
  return new Uint8Array(resvg.render().asPng());
}
