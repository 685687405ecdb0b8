'use strict';
// Bulk import of the whole country: 34 provinces and 3,287 communes (3,321 units) and 10,000 users
// in one workbook through POST /api/admin/import; then the same workbook again, which must change
// nothing. Goals: under 60 s, and under 20 s for the second.
const ExcelJS = require('exceljs');
const { startBenchServer, api, login, round, runIfMain } = require('./lib');

const PROVINCES = 34;
const UNITS = 3321;
const USERS = 10000;

/** The workbook, as a province office would fill the template. */
async function countryWorkbook() {
  const { UNIT_COLUMNS, USER_COLUMNS } = require('../dist/libs/administration/src');
  const wb = new ExcelJS.Workbook();
  const units = wb.addWorksheet('Đơn vị');
  units.addRow([...UNIT_COLUMNS]);
  const codes = [];
  for (let p = 1; p <= PROVINCES; p++) {
    const code = `T${String(p).padStart(2, '0')}`;
    codes.push(code);
    units.addRow([
      code,
      `Ủy ban nhân dân tỉnh Thử nghiệm ${p}`,
      'tỉnh',
      '',
      'UBND',
      `Tỉnh ${p}`,
      'tập thể',
      '2025-07-01',
      '',
    ]);
  }
  for (let c = 0; c < UNITS - PROVINCES; c++) {
    const code = `X${String(c + 1).padStart(4, '0')}`;
    codes.push(code);
    const province = `T${String((c % PROVINCES) + 1).padStart(2, '0')}`;
    units.addRow([
      code,
      `Ủy ban nhân dân xã Thử nghiệm ${c + 1}`,
      'xã',
      province,
      'UBND',
      `Xã ${c + 1}`,
      'tập thể',
      '01/07/2025',
      '',
    ]);
  }
  const users = wb.addWorksheet('Người dùng');
  users.addRow([...USER_COLUMNS]);
  const roles = ['officer', 'head', 'clerk'];
  for (let u = 0; u < USERS; u++) {
    const unit = codes[u % codes.length];
    users.addRow([
      `nd${String(u + 1).padStart(5, '0')}`,
      `Người dùng thử ${u + 1}`,
      unit,
      roles[u % 3],
      'Công chức',
      `nd${u + 1}@example.gov.vn`,
    ]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function timedImport(url, token, xlsx) {
  const t0 = process.hrtime.bigint();
  const res = await fetch(`${url}/api/admin/import?fileName=ca-nuoc.xlsx`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    },
    body: xlsx,
  });
  const body = await res.json();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (res.status !== 200)
    throw new Error(`import → ${res.status} ${JSON.stringify(body).slice(0, 400)}`);
  return { seconds, body };
}

async function run() {
  const server = await startBenchServer({ UPLOAD_LIMIT: '20mb' });
  try {
    const xlsx = await countryWorkbook();
    const token = await login(server.url, 'admin');
    const first = await timedImport(server.url, token, xlsx);
    const second = await timedImport(server.url, token, xlsx);
    const created = first.body.units.created === UNITS && first.body.users.created === USERS;
    const unchanged =
      second.body.units.created +
        second.body.units.updated +
        second.body.users.created +
        second.body.users.updated ===
        0 && second.body.passwords.length === 0;
    const users = await api(server.url, 'GET', '/api/users?q=nd0000', { token });
    return [
      {
        figure: `import of ${UNITS.toLocaleString('en')} units and ${USERS.toLocaleString('en')} users (${(xlsx.length / 1e6).toFixed(1)} MB workbook)`,
        value: round(first.seconds, 2),
        unit: 's',
        goal: '< 60',
        ok:
          first.seconds < 60 &&
          created &&
          first.body.passwords.length === USERS &&
          users.length === 9,
      },
      {
        figure: 'the same import again (nothing changed)',
        value: round(second.seconds, 2),
        unit: 's',
        goal: '< 20',
        ok: second.seconds < 20 && unchanged,
      },
    ];
  } finally {
    await server.stop();
  }
}

runIfMain(module, run);
module.exports = { run };
