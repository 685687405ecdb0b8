import { parseDate } from './import-fields';
import { planImport } from './import-plan';
import { ExistingUnit, ExistingUser } from './import-types';
import { SheetRow } from './import-sheets';

const unitRow = (row: number, cells: Partial<Record<string, string>>): SheetRow => ({
  row,
  cells: {
    Mã: '',
    Tên: 'Ủy ban nhân dân xã A',
    Cấp: 'xã',
    'Mã đơn vị cấp trên': '',
    'Viết tắt': 'UBND',
    'Địa danh': 'A',
    Loại: 'tập thể',
    'Hiệu lực từ': '2025-07-01',
    'Hiệu lực đến': '',
    'Cơ quan chủ quản': '',
    'Bộ phận lưu': '',
    ...cells,
  } as Record<string, string>,
});
const userRow = (row: number, cells: Partial<Record<string, string>>): SheetRow => ({
  row,
  cells: {
    'Tên đăng nhập': '',
    'Họ tên': 'Nguyễn Văn A',
    'Mã đơn vị': '',
    'Vai trò': 'officer',
    'Chức vụ': '',
    Email: '',
    ...cells,
  } as Record<string, string>,
});

const PROVINCE: ExistingUnit = {
  id: 'p1',
  code: 'LS',
  parentId: null,
  name: 'Ủy ban nhân dân tỉnh Lạng Sơn',
  level: 'province',
  abbreviation: 'UBND',
  placeName: 'Lạng Sơn',
  kind: 'collective',
  validFrom: '2025-07-01',
  validTo: null,
  governingBody: null,
  filingUnit: null,
};
const admin = { unitIds: null, isAdmin: true };
const TODAY = '2026-12-01';

describe('planImport', () => {
  it('creates what is new, in one plan, and nothing when the same rows are already there', () => {
    const rows = {
      units: [
        unitRow(2, { Mã: 'XA-A', 'Mã đơn vị cấp trên': 'LS' }),
        unitRow(3, {
          Mã: 'XA-B',
          Tên: 'Ủy ban nhân dân xã B',
          'Mã đơn vị cấp trên': 'LS',
          'Địa danh': 'B',
        }),
      ],
      users: [
        userRow(2, {
          'Tên đăng nhập': 'a.officer',
          'Mã đơn vị': 'XA-A',
          'Vai trò': 'officer, clerk',
        }),
      ],
    };
    const plan = planImport(rows, { units: [PROVINCE], users: [] }, admin, TODAY);
    expect(plan.problems).toEqual([]);
    expect(plan.units.create.map((u) => u.code)).toEqual(['XA-A', 'XA-B']);
    expect(plan.users.create).toEqual([
      expect.objectContaining({
        username: 'a.officer',
        roles: ['clerk', 'officer'],
        unitCode: 'XA-A',
      }),
    ]);

    // As the database holds them after that import: nothing to write.
    const units: ExistingUnit[] = [
      PROVINCE,
      ...plan.units.create.map((u, i) => ({
        ...u,
        id: `u${i}`,
        parentId: 'p1',
        validFrom: u.validFrom!,
        parentCode: undefined,
      })),
    ];
    const users: ExistingUser[] = [
      {
        id: 'x',
        username: 'a.officer',
        fullName: 'Nguyễn Văn A',
        orgUnitId: 'u0',
        roles: ['officer', 'clerk'],
        positionTitle: null,
        email: null,
      },
    ];
    const again = planImport(rows, { units, users }, admin, TODAY);
    expect(again.problems).toEqual([]);
    expect(again.units).toMatchObject({ create: [], update: [], unchanged: 2 });
    expect(again.users).toMatchObject({ create: [], update: [], unchanged: 1 });
  });

  it('lists every problem with its sheet, row and column, in Vietnamese', () => {
    const plan = planImport(
      {
        units: [
          unitRow(2, { Mã: 'XA-A', 'Mã đơn vị cấp trên': 'LS' }),
          unitRow(3, { Mã: 'XA-A', 'Mã đơn vị cấp trên': 'LS' }),
          unitRow(4, { Mã: 'XA-C', 'Mã đơn vị cấp trên': 'KHONG-CO' }),
          unitRow(5, { Mã: 'XA-D', 'Hiệu lực từ': '31/02/2025', 'Mã đơn vị cấp trên': 'LS' }),
          unitRow(6, { Mã: 'V1', 'Mã đơn vị cấp trên': 'V2' }),
          unitRow(7, { Mã: 'V2', 'Mã đơn vị cấp trên': 'V1' }),
          unitRow(8, { Mã: 'XA-E', Cấp: 'thôn', 'Mã đơn vị cấp trên': 'LS' }),
        ],
        users: [
          userRow(2, { 'Tên đăng nhập': 'u1', 'Mã đơn vị': 'XA-A' }),
          userRow(3, {
            'Tên đăng nhập': 'user.two',
            'Mã đơn vị': 'XA-A',
            'Vai trò': 'officer, boss',
          }),
          userRow(4, { 'Tên đăng nhập': 'user.two', 'Mã đơn vị': 'XA-A' }),
          userRow(5, { 'Tên đăng nhập': 'user.three', 'Mã đơn vị': 'NOWHERE' }),
          userRow(6, { 'Tên đăng nhập': 'user.four', 'Mã đơn vị': 'XA-A', Email: 'not-an-email' }),
        ],
      },
      { units: [PROVINCE], users: [] },
      admin,
      TODAY,
    );
    const at = (sheet: string, row: number) =>
      plan.problems.filter((p) => p.sheet === sheet && p.row === row).map((p) => p.field);
    expect(at('Đơn vị', 3)).toEqual(['Mã']);
    expect(at('Đơn vị', 4)).toEqual(['Mã đơn vị cấp trên']);
    expect(at('Đơn vị', 5)).toEqual(['Hiệu lực từ']);
    expect(at('Đơn vị', 6)).toEqual(['Mã đơn vị cấp trên']);
    expect(at('Đơn vị', 7)).toEqual(['Mã đơn vị cấp trên']);
    expect(at('Đơn vị', 8)).toEqual(['Cấp']);
    expect(at('Người dùng', 2)).toEqual(['Tên đăng nhập']);
    expect(at('Người dùng', 3)).toEqual(['Vai trò']);
    expect(at('Người dùng', 5)).toEqual(['Mã đơn vị']);
    expect(at('Người dùng', 6)).toEqual(['Email']);
    expect(plan.problems.find((p) => p.sheet === 'Đơn vị' && p.row === 3)?.message).toBe(
      'Mã "XA-A" trùng với dòng 2.',
    );
    expect(plan.problems.find((p) => p.row === 6 && p.sheet === 'Đơn vị')?.message).toMatch(
      /vòng lặp: V1 → V2 → V1/,
    );
    expect(plan.problems.find((p) => p.sheet === 'Người dùng' && p.row === 3)?.message).toMatch(
      /Vai trò không hợp lệ: boss/,
    );
  });

  it('keeps a unit administrator inside its subtree and away from the admin role', () => {
    const commune: ExistingUnit = {
      ...PROVINCE,
      id: 'c1',
      code: 'XA-A',
      parentId: 'p1',
      level: 'commune',
    };
    const scope = { unitIds: new Set(['c1']), isAdmin: false };
    const plan = planImport(
      {
        units: [
          unitRow(2, { Mã: 'THON-1', 'Mã đơn vị cấp trên': 'XA-A' }),
          unitRow(3, { Mã: 'XA-Z', 'Mã đơn vị cấp trên': 'LS' }),
          unitRow(4, { Mã: 'LS', Tên: 'Đổi tên tỉnh', Cấp: 'tỉnh' }),
        ],
        users: [
          userRow(2, { 'Tên đăng nhập': 'ok.user', 'Mã đơn vị': 'XA-A' }),
          userRow(3, { 'Tên đăng nhập': 'up.user', 'Mã đơn vị': 'LS' }),
          userRow(4, { 'Tên đăng nhập': 'admin.user', 'Mã đơn vị': 'XA-A', 'Vai trò': 'admin' }),
        ],
      },
      { units: [PROVINCE, commune], users: [] },
      scope,
      TODAY,
    );
    expect(plan.problems.map((p) => `${p.sheet}:${p.row}:${p.field}`)).toEqual([
      'Đơn vị:3:Mã',
      'Đơn vị:4:Mã',
      'Người dùng:3:Mã đơn vị',
      'Người dùng:4:Vai trò',
    ]);
  });

  it('reads dates as ISO or Vietnamese day/month/year, and refuses days that do not exist', () => {
    expect(parseDate('2025-07-01')).toBe('2025-07-01');
    expect(parseDate('1/7/2025')).toBe('2025-07-01');
    expect(parseDate('29/02/2025')).toBeNull();
    expect(parseDate('2025/07/01')).toBeNull();
  });
});
