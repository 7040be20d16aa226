/**
 * The report's style sheet, for screen and A4 print: sober type, dense tables whose header repeats on each page,
 * figures kept whole, each main section on a new page. One accent colour; the arms are named in every header.
 */
export const REPORT_CSS = `
@page { size: A4; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10pt; color: #212529; margin: 0 auto; max-width: 60rem; padding: 1rem; }
h1 { font-size: 18pt; margin: 0 0 0.3rem; }
h2 { font-size: 14pt; border-bottom: 2px solid #1c7ed6; padding-bottom: 0.2rem; margin-top: 1.5rem; }
h3 { font-size: 11.5pt; margin-top: 1.2rem; }
.synthetic { display: inline-block; background: #fff3bf; border: 1px solid #f08c00; padding: 0.2rem 0.5rem; font-weight: bold; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
dt { font-weight: bold; }
dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: 0.6rem 0 1rem; font-size: 8pt; }
caption { text-align: left; font-weight: bold; padding: 0.2rem 0; }
th, td { border-bottom: 1px solid #dee2e6; padding: 0.15rem 0.3rem; text-align: left; vertical-align: top; }
thead th { border-bottom: 1.5px solid #495057; background: #f1f3f5; }
tbody th { font-weight: normal; white-space: pre-wrap; }
thead { display: table-header-group; }
tr, figure { break-inside: avoid; }
figure { margin: 0.5rem 0 1rem; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 9pt; color: #495057; }
.heatmap { display: grid; grid-template-columns: 1fr 1fr; gap: 0.5rem; }
.heatmap figcaption, .heatmap .legend { grid-column: 1 / -1; }
.panel-title { font-weight: bold; text-align: center; margin: 0; }
.empty { color: #495057; font-style: italic; }
@media print {
  body { max-width: none; padding: 0; }
  #baseline, #primary, #secondary, #reading-quality, #exclusions { break-before: page; }
  a { color: inherit; text-decoration: none; }
}
`;
