import { SheetRow, UNIT_SHEET, USER_SHEET } from './import-sheets';
import {
  CODE,
  EMAIL,
  IMPORT_ROLES,
  KINDS,
  LEVELS,
  lc,
  orNull,
  parseDate,
  unitDiffers,
  USERNAME,
  userDiffers,
} from './import-fields';
import {
  ExistingUnit,
  ExistingUser,
  ImportPlan,
  ImportProblem,
  ImportScope,
  UnitFields,
  UserFields,
} from './import-types';

/**
 * Checks every row of an import against itself and the database (duplicates, unknown parents or
 * units, cycles, roles, dates, the importer's scope) and says what it would write: units and users
 * to create, to update (only what differs), and how many are unchanged. Nothing is written here.
 */
export function planImport(
  rows: { units: SheetRow[]; users: SheetRow[] },
  existing: { units: ExistingUnit[]; users: ExistingUser[] },
  scope: ImportScope,
  today: string,
): ImportPlan {
  const problems: ImportProblem[] = [];
  const unitProblem = (row: number, field: string, message: string) =>
    problems.push({ sheet: UNIT_SHEET, row, field, message });
  const userProblem = (row: number, field: string, message: string) =>
    problems.push({ sheet: USER_SHEET, row, field, message });
  const unitsByCode = new Map(existing.units.map((u) => [u.code, u]));
  const codeById = new Map(existing.units.map((u) => [u.id, u.code]));

  // Units: each row checked alone, then the tree they make with the units already there.
  const fileUnits = new Map<string, { fields: UnitFields; row: number }>();
  for (const { row, cells } of rows.units) {
    const code = cells['Mã'];
    const level = LEVELS[lc(cells['Cấp'])];
    const kind = cells['Loại'] ? KINDS[lc(cells['Loại'])] : 'collective';
    const validFrom = cells['Hiệu lực từ'] ? parseDate(cells['Hiệu lực từ']) : null;
    const validTo = cells['Hiệu lực đến'] ? parseDate(cells['Hiệu lực đến']) : null;
    const before = problems.length;
    if (!CODE.test(code))
      unitProblem(
        row,
        'Mã',
        code
          ? `Mã "${code}" không hợp lệ (chữ, số, dấu . _ -, tối đa 32 ký tự).`
          : 'Thiếu mã đơn vị.',
      );
    else if (fileUnits.has(code))
      unitProblem(row, 'Mã', `Mã "${code}" trùng với dòng ${fileUnits.get(code)!.row}.`);
    if (!cells['Tên'] || cells['Tên'].length > 255)
      unitProblem(row, 'Tên', 'Thiếu tên đơn vị (tối đa 255 ký tự).');
    if (!level) unitProblem(row, 'Cấp', `Cấp "${cells['Cấp']}" không hợp lệ (tỉnh hoặc xã).`);
    if (!cells['Viết tắt'] || cells['Viết tắt'].length > 32)
      unitProblem(
        row,
        'Viết tắt',
        'Thiếu tên viết tắt dùng trong ký hiệu văn bản (tối đa 32 ký tự).',
      );
    if (!cells['Địa danh'] || cells['Địa danh'].length > 120)
      unitProblem(row, 'Địa danh', 'Thiếu địa danh (tối đa 120 ký tự).');
    if (!kind)
      unitProblem(
        row,
        'Loại',
        `Loại "${cells['Loại']}" không hợp lệ ("tập thể" hoặc "thủ trưởng").`,
      );
    if (cells['Hiệu lực từ'] && !validFrom)
      unitProblem(
        row,
        'Hiệu lực từ',
        `Ngày "${cells['Hiệu lực từ']}" không hợp lệ (2025-07-01 hoặc 01/07/2025).`,
      );
    if (cells['Hiệu lực đến'] && !validTo)
      unitProblem(row, 'Hiệu lực đến', `Ngày "${cells['Hiệu lực đến']}" không hợp lệ.`);
    else if (validTo && validTo < (validFrom ?? today))
      unitProblem(row, 'Hiệu lực đến', 'Ngày hết hiệu lực phải sau ngày bắt đầu.');
    if (problems.length > before || fileUnits.has(code)) continue;
    fileUnits.set(code, {
      row,
      fields: {
        code,
        name: cells['Tên'],
        level,
        parentCode: orNull(cells['Mã đơn vị cấp trên']),
        abbreviation: cells['Viết tắt'],
        placeName: cells['Địa danh'],
        kind,
        validFrom,
        validTo,
        governingBody: orNull(cells['Cơ quan chủ quản'] ?? ''),
        filingUnit: orNull(cells['Bộ phận lưu'] ?? ''),
      },
    });
  }
  // The parent of each code, the file's word winning over the database's.
  const parentOf = new Map<string, string | null>(
    existing.units.map((u) => [u.code, u.parentId ? (codeById.get(u.parentId) ?? null) : null]),
  );
  for (const [code, { fields }] of fileUnits) parentOf.set(code, fields.parentCode);
  const inScope = (code: string): boolean => {
    if (scope.unitIds === null) return true;
    for (
      let c: string | null = code, depth = 0;
      c && depth < 64;
      c = parentOf.get(c) ?? null, depth++
    ) {
      const id = unitsByCode.get(c)?.id;
      if (id && scope.unitIds.has(id)) return true;
    }
    return false;
  };
  for (const [code, { fields, row }] of fileUnits) {
    if (fields.parentCode && !parentOf.has(fields.parentCode)) {
      unitProblem(
        row,
        'Mã đơn vị cấp trên',
        `Không có đơn vị mã "${fields.parentCode}" (trong tệp hay trong hệ thống).`,
      );
      continue;
    }
    const seen = new Set<string>([code]);
    for (let c = fields.parentCode; c; c = parentOf.get(c) ?? null) {
      if (seen.has(c)) {
        unitProblem(
          row,
          'Mã đơn vị cấp trên',
          `Đơn vị cấp trên tạo thành vòng lặp: ${[...seen, c].join(' → ')}.`,
        );
        break;
      }
      seen.add(c);
    }
    const existingUnit = unitsByCode.get(code);
    if (
      !scope.isAdmin &&
      (existingUnit ? !inScope(code) : !fields.parentCode || !inScope(fields.parentCode))
    ) {
      unitProblem(row, 'Mã', `Đơn vị "${code}" nằm ngoài phạm vi quản trị của bạn.`);
    }
  }

  // Users.
  const usersByName = new Map(existing.users.map((u) => [u.username, u]));
  const fileUsers = new Map<string, { fields: UserFields; row: number }>();
  for (const { row, cells } of rows.users) {
    const username = lc(cells['Tên đăng nhập']);
    const roles = cells['Vai trò'].split(/[,;\s]+/).filter(Boolean);
    const before = problems.length;
    if (!USERNAME.test(username))
      userProblem(
        row,
        'Tên đăng nhập',
        username
          ? `Tên đăng nhập "${username}" không hợp lệ (chữ thường, số, dấu . _ -, 3–64 ký tự).`
          : 'Thiếu tên đăng nhập.',
      );
    else if (fileUsers.has(username))
      userProblem(
        row,
        'Tên đăng nhập',
        `Tên đăng nhập "${username}" trùng với dòng ${fileUsers.get(username)!.row}.`,
      );
    if (!cells['Họ tên'] || cells['Họ tên'].length > 120)
      userProblem(row, 'Họ tên', 'Thiếu họ tên (tối đa 120 ký tự).');
    const unitCode = cells['Mã đơn vị'];
    if (!unitCode || !(fileUnits.has(unitCode) || unitsByCode.has(unitCode)))
      userProblem(
        row,
        'Mã đơn vị',
        unitCode ? `Không có đơn vị mã "${unitCode}".` : 'Thiếu mã đơn vị.',
      );
    else if (!scope.isAdmin && !inScope(unitCode))
      userProblem(row, 'Mã đơn vị', `Đơn vị "${unitCode}" nằm ngoài phạm vi quản trị của bạn.`);
    const unknown = roles.filter((r) => !IMPORT_ROLES.includes(r));
    if (roles.length === 0) userProblem(row, 'Vai trò', 'Thiếu vai trò.');
    else if (unknown.length)
      userProblem(
        row,
        'Vai trò',
        `Vai trò không hợp lệ: ${unknown.join(', ')} (officer, head, clerk, unitAdmin, admin).`,
      );
    else if (roles.includes('admin') && !scope.isAdmin)
      userProblem(row, 'Vai trò', 'Bạn không được cấp quyền quản trị hệ thống (admin).');
    if ((cells['Chức vụ'] ?? '').length > 120)
      userProblem(row, 'Chức vụ', 'Chức vụ dài quá 120 ký tự.');
    if (cells['Email'] && !EMAIL.test(cells['Email']))
      userProblem(row, 'Email', `Địa chỉ email "${cells['Email']}" không hợp lệ.`);
    const existingUser = usersByName.get(username);
    if (existingUser?.roles.includes('admin') && !scope.isAdmin)
      userProblem(
        row,
        'Tên đăng nhập',
        `Bạn không được thay đổi tài khoản quản trị hệ thống "${username}".`,
      );
    if (problems.length > before || fileUsers.has(username)) continue;
    fileUsers.set(username, {
      row,
      fields: {
        username,
        fullName: cells['Họ tên'],
        unitCode,
        roles: [...new Set(roles)].sort(),
        positionTitle: orNull(cells['Chức vụ'] ?? ''),
        email: orNull(cells['Email'] ?? ''),
      },
    });
  }

  const plan: ImportPlan = {
    sheets: { units: rows.units, users: rows.users },
    units: { create: [], update: [], unchanged: 0 },
    users: { create: [], update: [], unchanged: 0 },
    problems,
  };
  for (const { fields } of fileUnits.values()) {
    const before = unitsByCode.get(fields.code);
    if (!before) plan.units.create.push({ ...fields, validFrom: fields.validFrom ?? today });
    else if (unitDiffers(before, fields, parentOf.get(fields.code) ?? null, codeById))
      plan.units.update.push({ existing: before, fields });
    else plan.units.unchanged++;
  }
  for (const { fields } of fileUsers.values()) {
    const before = usersByName.get(fields.username);
    if (!before) plan.users.create.push(fields);
    else if (userDiffers(before, fields, unitsByCode.get(fields.unitCode)?.id))
      plan.users.update.push({ existing: before, fields });
    else plan.users.unchanged++;
  }
  return plan;
}
