import { OrgUnit } from '@app/org';
import { IssuedDocument } from './entities/issued-document.entity';
import { fontFaceCss } from './fonts';
import { escapeHtml } from './narrative-markdown';
import { REGISTER_COLUMNS, registerRows } from './outgoing-register';

/** The Sổ đăng ký văn bản đi of a unit and year as a printable page (landscape A4). */
export function registerHtml(unit: OrgUnit, year: number, docs: IssuedDocument[]): string {
  const rows = registerRows(docs);
  const body = rows.length
    ? rows.map((r) => `<tr>${r.cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n')
    : `<tr><td colspan="${REGISTER_COLUMNS.length}" class="empty">Chưa có văn bản nào được phát hành trong năm ${year}.</td></tr>`;
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Sổ đăng ký văn bản đi</title><style>
${fontFaceCss()}
@page { size: A4 landscape; margin: 20mm 15mm 15mm 20mm; @top-center { content: counter(page); font: 12pt 'TE Tinos', serif; } }
@page :first { @top-center { content: none; } }
body { font-family: 'TE Tinos', serif; font-size: 12pt; margin: 0; }
.unit { font-weight: bold; text-transform: none; }
h1 { text-align: center; font-size: 14pt; margin: 6mm 0 4mm; }
table { width: 100%; border-collapse: collapse; }
th, td { border: 0.5pt solid #000; padding: 2pt 3pt; vertical-align: top; font-size: 11pt; }
th { font-weight: bold; text-align: center; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
td.empty { text-align: center; font-style: italic; }
td:nth-child(1), td:nth-child(2), td:nth-child(4), td:nth-child(8) { white-space: nowrap; }
</style></head><body>
<div class="unit">${escapeHtml(unit.name.toLocaleUpperCase('vi'))}</div>
<h1>SỔ ĐĂNG KÝ VĂN BẢN ĐI NĂM ${year}</h1>
<table><thead><tr>${REGISTER_COLUMNS.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead>
<tbody>
${body}
</tbody></table></body></html>`;
}
