'use strict';
// Rendering: a 3-page BC with its three annexes (01/TE, 02/TE, 03/TE filled), to PDF.
// The pool (one long-lived Chromium, a few pages) against launching a browser per document.
// Goals: pool p50 < 200 ms and at least 8× the documents per second of the naive way.
const path = require('node:path');
const { root, summarise, round } = require('./lib');

function sampleModel() {
  const fs = require('node:fs');
  const defs = ['01-TE', '02-TE', '03-TE'].map((f) =>
    JSON.parse(fs.readFileSync(path.join(root, 'libs/forms/definitions', f + '.json'), 'utf8')),
  );
  const { annexOf } = require(path.join(root, 'dist/libs/documents/src'));
  let n = 7;
  const annexes = defs.map((def, i) => {
    const data = {};
    for (const row of def.rows) {
      if (row.kind) continue;
      for (const col of def.columns) {
        if (col.ratio || row.ratio) continue;
        n = (n * 7919 + 13) % 10007;
        const type = col.type || row.type || 'integer';
        data[row.key] ??= {};
        data[row.key][col.key] =
          type === 'boolean'
            ? n % 2 === 0
            : type === 'text'
              ? 'Ghi chú'
              : type === 'integer'
                ? n % 900
                : (n % 9000) / 10;
      }
    }
    return annexOf(def, data, ['I', 'II', 'III'][i]);
  });
  const para =
    'Công tác bảo vệ, chăm sóc trẻ em trên địa bàn xã tiếp tục được cấp ủy, chính quyền quan tâm chỉ đạo; các ban, ngành, đoàn thể phối hợp triển khai đồng bộ các chương trình, kế hoạch về trẻ em, tổ chức tốt Tháng hành động vì trẻ em và Tết Trung thu cho trẻ em có hoàn cảnh đặc biệt.';
  const sections = [
    'I. ĐẶC ĐIỂM TÌNH HÌNH',
    'II. KẾT QUẢ THỰC HIỆN',
    'III. ĐÁNH GIÁ KẾT QUẢ ĐẠT ĐƯỢC',
    'IV. KẾ HOẠCH 6 THÁNG CUỐI NĂM 2024',
  ];
  const narrative = sections
    .map(
      (s) =>
        `${s}\n\n1. Nội dung chính\n\n${para} ${para}\n\n- ${para}\n\n- ${para}\n\n2. Nội dung khác\n\n${para}`,
    )
    .join('\n\n');
  return {
    draft: false,
    docType: 'BC',
    issuer: {
      governingBody: null,
      name: 'Ủy ban nhân dân xã Hoàng Đồng',
      abbreviation: 'UBND',
      placeName: 'Hoàng Đồng',
      filingUnit: 'VHXH',
    },
    numberText: '05/BC-UBND',
    symbol: 'BC-UBND',
    issueDate: '2024-06-12',
    title:
      'Kết quả công tác trẻ em 6 tháng đầu năm 2024 và phương hướng nhiệm vụ 6 tháng cuối năm 2024',
    kinhGui: [],
    narrative,
    recipients: [
      { name: 'Phòng Lao động - Thương binh và Xã hội thành phố' },
      { name: 'TT Đảng ủy (b/c)' },
      { name: 'TT HĐND xã' },
    ],
    signature: {
      authority: 'KT.',
      headTitle: 'CHỦ TỊCH',
      positionTitle: 'PHÓ CHỦ TỊCH',
      signerName: 'Hoàng Quốc Thành',
    },
    annexes,
  };
}

/** Runs `fn` n times, `concurrency` at a time: latency of each, documents per second overall. */
async function timeRuns(fn, n, concurrency = 1) {
  const times = [];
  const t0 = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        next++;
        const s = process.hrtime.bigint();
        await fn();
        times.push(Number(process.hrtime.bigint() - s) / 1e6);
      }
    }),
  );
  return { ...summarise(times), perSecond: (n * 1000) / (Date.now() - t0) };
}

async function run({ pooled = 30, naive = 6 } = {}) {
  await require(path.join(root, 'scripts/build')).build();
  const { PdfRenderer } = require(path.join(root, 'dist/libs/renderer/src'));
  const { renderDocument } = require(path.join(root, 'dist/libs/documents/src'));
  const model = sampleModel();
  const doc = renderDocument(model);
  const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  const opts = {
    chromiumPath,
    poolSize: Number(process.env.RENDER_POOL_SIZE || 2),
    queueLimit: 100,
    timeoutMs: 60000,
    maxDocsPerBrowser: 100000,
  };

  const pool = new PdfRenderer(opts);
  const first = await pool.renderDocument(doc); // warm-up: launches the browser, opens the pages
  await pool.renderDocument(doc);
  const { PDFDocument } = require('pdf-lib');
  const pages = (await PDFDocument.load(first)).getPageCount();
  const mainPages = (
    await PDFDocument.load(await pool.renderDocument({ head: doc.head, parts: [doc.parts[0]] }))
  ).getPageCount();
  // Latency: one document at a time. Throughput: as a server sees it, two documents in flight.
  const pooledStats = await timeRuns(() => pool.renderDocument(doc), pooled);
  const pooledLoad = await timeRuns(() => pool.renderDocument(doc), pooled, 2);
  await pool.close();

  const naiveOnce = async () => {
    const once = new PdfRenderer(opts);
    await once.renderDocument(doc);
    await once.close();
  };
  const naiveStats = await timeRuns(naiveOnce, naive);
  const naiveLoad = await timeRuns(naiveOnce, naive, 2);

  const ratio = pooledLoad.perSecond / naiveLoad.perSecond;
  const label = `render: BC of ${mainPages} pages + 3 annexes (${pages} pages)`;
  return [
    {
      figure: `${label}, pool p50`,
      value: round(pooledStats.p50),
      unit: 'ms',
      goal: '< 200',
      ok: pooledStats.p50 < 200,
    },
    {
      figure: `${label}, pool p95`,
      value: round(pooledStats.p95),
      unit: 'ms',
      goal: '(info)',
      ok: true,
    },
    {
      figure: `${label}, pool throughput (2 in flight)`,
      value: round(pooledLoad.perSecond, 2),
      unit: 'docs/s',
      goal: '(info)',
      ok: true,
    },
    {
      figure: `${label}, browser per document p50`,
      value: round(naiveStats.p50),
      unit: 'ms',
      goal: '(info)',
      ok: true,
    },
    {
      figure: `${label}, browser per document p95`,
      value: round(naiveStats.p95),
      unit: 'ms',
      goal: '(info)',
      ok: true,
    },
    {
      figure: `${label}, browser per document throughput (2 in flight)`,
      value: round(naiveLoad.perSecond, 2),
      unit: 'docs/s',
      goal: '(info)',
      ok: true,
    },
    {
      figure: 'render: pool throughput ÷ browser-per-document throughput',
      value: round(ratio, 1),
      unit: '×',
      goal: '≥ 8',
      ok: ratio >= 8,
    },
  ];
}

module.exports = { run, sampleModel };
require('./lib').runIfMain(module, run);
