import ExcelJS from 'exceljs';
import { UNIT_COLUMNS, USER_COLUMNS } from '@app/administration';
import { HttpTestApp } from './test-app';

/** A password the policy accepts, for users the tests make. */
export const STRONG_PASSWORD = 'Trẻ em là hạnh phúc của gia đình 2026';

/**
 * A user made by an administrator through the API, who then signed in with the one-time password
 * and chose STRONG_PASSWORD: their id and bearer header.
 */
export async function newUser(
  t: HttpTestApp,
  by: { Authorization: string },
  fields: { username: string; orgUnitId: string; roles: string[]; fullName?: string },
): Promise<{ id: string; auth: { Authorization: string } }> {
  const created = await t
    .http()
    .post('/api/users')
    .set(by)
    .send({ fullName: `Người dùng ${fields.username}`, ...fields });
  if (created.status !== 201)
    throw new Error(`create ${fields.username}: ${created.status} ${JSON.stringify(created.body)}`);
  const first = await t.login(fields.username, created.body.oneTimePassword);
  const changed = await t
    .http()
    .post('/api/auth/change-password')
    .set({ Authorization: `Bearer ${first.accessToken}` })
    .send({ currentPassword: created.body.oneTimePassword, newPassword: STRONG_PASSWORD });
  if (changed.status !== 200)
    throw new Error(`change password ${fields.username}: ${changed.status}`);
  const signedIn = await t.login(fields.username, STRONG_PASSWORD);
  return { id: created.body.user.id, auth: { Authorization: `Bearer ${signedIn.accessToken}` } };
}

export type SheetRows = Record<string, string | Date>[];

/** An import workbook: the two sheets with the template's headers (or other sheet names), then the rows. */
export async function importWorkbook(
  units: SheetRows,
  users: SheetRows,
  names: { units?: string; users?: string } = {},
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = (name: string, columns: readonly string[], rows: SheetRows) => {
    const ws = wb.addWorksheet(name);
    ws.addRow([...columns]);
    for (const r of rows) ws.addRow(columns.map((c) => r[c] ?? ''));
  };
  sheet(names.units ?? 'Đơn vị', UNIT_COLUMNS, units);
  sheet(names.users ?? 'Người dùng', USER_COLUMNS, users);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** POST /api/admin/import with a workbook. */
export const postImport = (t: HttpTestApp, auth: { Authorization: string }, xlsx: Buffer) =>
  t
    .http()
    .post('/api/admin/import?fileName=thu.xlsx')
    .set(auth)
    .set('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .send(xlsx);

/** A commune row of the units sheet. */
export const communeRow = (
  code: string,
  place: string,
  parent: string,
  extra: Record<string, string> = {},
) => ({
  Mã: code,
  Tên: `Ủy ban nhân dân xã ${place}`,
  Cấp: 'xã',
  'Mã đơn vị cấp trên': parent,
  'Viết tắt': 'UBND',
  'Địa danh': place,
  Loại: 'tập thể',
  'Hiệu lực từ': '2025-07-01',
  'Hiệu lực đến': '',
  ...extra,
});

export const userRow = (
  username: string,
  unit: string,
  roles: string,
  extra: Record<string, string> = {},
) => ({
  'Tên đăng nhập': username,
  'Họ tên': `Người dùng ${username}`,
  'Mã đơn vị': unit,
  'Vai trò': roles,
  'Chức vụ': '',
  Email: '',
  ...extra,
});
