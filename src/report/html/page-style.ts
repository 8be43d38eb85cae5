/** The report's style sheet (inline; the page loads nothing). */
export const PAGE_STYLE = `
body { font-family: system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: #222; margin: 0 auto; padding: 0 24px 48px; max-width: 1280px; line-height: 1.4; }
header { border-bottom: 2px solid #0072b2; margin-bottom: 12px; }
h1 { font-size: 1.5em; margin: 18px 0 4px; }
h2 { font-size: 1.2em; margin-top: 28px; border-bottom: 1px solid #ddd; }
h3 { font-size: 1em; margin: 18px 0 6px; }
nav a { margin-right: 14px; }
.meta { color: #555; margin: 4px 0 10px; }
code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 0.9em; }
code.id { color: #666; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; font-size: 0.8em; }
th, td { border: 1px solid #ddd; padding: 2px 5px; vertical-align: top; text-align: left; }
th { background: #f4f6f8; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
tr.total td { border-top: 2px solid #999; font-weight: bold; }
.warn { color: #d55e00; font-weight: bold; }
.badge { font-size: 0.75em; border: 1px solid #d55e00; border-radius: 3px; padding: 0 4px; }
.legend .key { margin-right: 14px; white-space: nowrap; }
.legend svg { vertical-align: -1px; }
.note, figcaption, .meta small { color: #555; font-size: 0.85em; }
.plots { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
figure { margin: 6px 0 14px; }
figure.hist { display: inline-block; vertical-align: top; max-width: 640px; margin-right: 18px; }
svg.plot { display: block; font-family: system-ui, "DejaVu Sans", sans-serif; }
dl.facts { display: grid; grid-template-columns: max-content auto; gap: 2px 12px; margin: 8px 0; }
dl.facts dt { color: #555; }
dl.facts dd { margin: 0; }
`;
