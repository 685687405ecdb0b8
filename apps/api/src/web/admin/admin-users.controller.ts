import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuthUser, ROLES, Role, UsersService, userView } from '@app/auth';
import { DomainException, FieldError, parseInput, vietnamDate } from '@app/common';
import { OrgUnitsService } from '@app/org';
import { CreateUserSchema, UpdateUserSchema } from '../../admin/dto/user.dto';
import { CurrentUser } from '../../auth/public.decorator';
import { Roles } from '../../auth/roles.guard';
import { formField, formFields } from '../web-body';
import { WebContext, okFlash } from '../web-context';
import { WebExceptionFilter } from '../web-exception.filter';
import { WebViews } from '../web-views';
import { unitTree } from './unit-tree';

export const SIGN_AUTHORITIES = ['', 'TM.', 'KT.', 'TL.', 'TUQ.', 'Q.'];

/** The user form's fields as posted (kept to show again when refused). */
function readUserForm(body: Record<string, unknown>) {
  return {
    username: formField(body.username).trim(),
    fullName: formField(body.fullName).trim(),
    orgUnitId: formField(body.orgUnitId),
    roles: formFields(body.roles),
    positionTitle: formField(body.positionTitle).trim(),
    signAuthority: formField(body.signAuthority).trim(),
    signHeadTitle: formField(body.signHeadTitle).trim(),
    email: formField(body.email).trim(),
  };
}
type UserForm = ReturnType<typeof readUserForm>;

/** Administrators: the people of their scope, in pages (the same service and checks as /api/users). */
@Controller('admin/users')
@UseFilters(WebExceptionFilter)
@Roles('admin', 'unitAdmin')
export class WebAdminUsersController {
  constructor(
    private readonly views: WebViews,
    private readonly context: WebContext,
    private readonly users: UsersService,
    private readonly units: OrgUnitsService,
  ) {}

  @Get()
  async list(
    @Query() q: Record<string, string | undefined>,
    @CurrentUser() actor: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const units = unitTree(await this.units.list(actor), vietnamDate());
    const role = ROLES.includes(q.role as Role) ? (q.role as Role) : undefined;
    const active = q.active === 'true' ? true : q.active === 'false' ? false : undefined;
    const orgUnitId = units.some((u) => u.id === q.unit) ? q.unit : undefined;
    const users = await this.users.list(
      actor,
      { q: q.q?.slice(0, 100) || undefined, orgUnitId, role, active },
      501,
    );
    const unitName = new Map(units.map((u) => [u.id, u.name]));
    this.views.send(res, 'admin-users', {
      ...(await this.context.base(req, actor, 'admin', 'Người dùng', okFlash(q.ok))),
      filter: { q: q.q ?? '', unit: orgUnitId ?? '', role: role ?? '', active: q.active ?? '' },
      units,
      roles: ROLES.map((r) => ({ value: r })),
      users: users.slice(0, 500).map((u) => ({ ...u, unitName: unitName.get(u.orgUnitId) ?? '' })),
      more: users.length > 500,
    });
  }

  @Get('new')
  async newForm(
    @Query('unit') unit: string | undefined,
    @CurrentUser() actor: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.sendForm(
      req,
      res,
      actor,
      null,
      { ...readUserForm({}), orgUnitId: unit ?? '', roles: ['officer'] },
      [],
    );
  }

  @Post()
  async create(
    @Body() body: Record<string, unknown>,
    @CurrentUser() actor: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const form = readUserForm(body);
    try {
      const input = parseInput(CreateUserSchema, { ...form, roles: form.roles as Role[] });
      const { user, oneTimePassword } = await this.users.create(actor, input);
      await this.sendPassword(req, res, actor, user, oneTimePassword, 'Đã tạo người dùng.');
    } catch (e) {
      await this.refused(req, res, actor, null, form, e);
    }
  }

  @Get(':id')
  async edit(
    @Param('id') id: string,
    @Query('ok') ok: string | undefined,
    @CurrentUser() actor: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const user = userView(await this.users.get(actor, id));
    await this.sendForm(
      req,
      res,
      actor,
      user,
      {
        username: user.username,
        fullName: user.fullName,
        orgUnitId: user.orgUnitId,
        roles: user.roles,
        positionTitle: user.positionTitle ?? '',
        signAuthority: user.signAuthority ?? '',
        signHeadTitle: user.signHeadTitle ?? '',
        email: user.email ?? '',
      },
      [],
      200,
      okFlash(ok),
    );
  }

  @Post(':id')
  async update(
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
    @CurrentUser() actor: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const before = userView(await this.users.get(actor, id));
    const form = readUserForm(body);
    try {
      const { username: _u, ...fields } = form;
      await this.users.update(
        actor,
        id,
        parseInput(UpdateUserSchema, { ...fields, roles: form.roles as Role[] }),
      );
      res.redirect(303, `/admin/users/${before.id}?ok=userSaved`);
    } catch (e) {
      await this.refused(req, res, actor, before, { ...form, username: before.username }, e);
    }
  }

  /** Deactivates (`active=false`) or reactivates a user. */
  @Post(':id/active')
  async setActive(
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
    @CurrentUser() actor: AuthUser,
    @Res() res: Response,
  ) {
    const active = formField(body.active) === 'true';
    const user = await this.users.update(actor, id, { active });
    res.redirect(303, `/admin/users/${user.id}?ok=${active ? 'userActivated' : 'userDeactivated'}`);
  }

  @Post(':id/reset-password')
  async resetPassword(
    @Param('id') id: string,
    @CurrentUser() actor: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const user = userView(await this.users.get(actor, id));
    const { oneTimePassword } = await this.users.resetPassword(actor, id);
    await this.sendPassword(req, res, actor, user, oneTimePassword, 'Đã đặt lại mật khẩu.');
  }

  private async refused(
    req: Request,
    res: Response,
    actor: AuthUser,
    user: ReturnType<typeof userView> | null,
    form: UserForm,
    e: unknown,
  ) {
    if (!(e instanceof DomainException) || e.status >= 500 || e.status === 404) throw e;
    const errors = e.errors?.length ? e.errors : [{ message: e.userMessage }];
    await this.sendForm(req, res, actor, user, form, errors, e.status);
  }

  /** The one-time password, shown this once (the page is not cached and the password is not kept). */
  private async sendPassword(
    req: Request,
    res: Response,
    actor: AuthUser,
    user: ReturnType<typeof userView>,
    password: string,
    title: string,
  ) {
    this.views.send(res, 'admin-password', {
      ...(await this.context.base(req, actor, 'admin', title)),
      title,
      target: user,
      oneTimePassword: password,
    });
  }

  private async sendForm(
    req: Request,
    res: Response,
    actor: AuthUser,
    user: ReturnType<typeof userView> | null,
    form: UserForm,
    errors: FieldError[],
    status = 200,
    flash = okFlash(undefined),
  ) {
    const units = unitTree(await this.units.list(actor), vietnamDate());
    const isAdmin = actor.roles.includes('admin');
    const fieldErrors = (f: string) =>
      errors.filter((e) => e.field === f || e.field?.startsWith(`${f}.`)).map((e) => e.message);
    const known = [
      'username',
      'fullName',
      'orgUnitId',
      'roles',
      'positionTitle',
      'signAuthority',
      'signHeadTitle',
      'email',
    ];
    this.views.send(
      res,
      'admin-user',
      {
        ...(await this.context.base(
          req,
          actor,
          'admin',
          user ? `Người dùng ${user.username}` : 'Thêm người dùng',
          flash,
        )),
        target: user,
        isSelf: user?.id === actor.id,
        isAdmin: actor.roles.includes('admin'),
        form,
        units: units.map((u) => ({ ...u, selected: u.id === form.orgUnitId })),
        roles: ROLES.filter((r) => isAdmin || r !== 'admin').map((r) => ({
          value: r,
          checked: form.roles.includes(r),
        })),
        authorities: SIGN_AUTHORITIES.map((a) => ({
          value: a,
          selected: a === form.signAuthority,
        })),
        errors: Object.fromEntries(known.map((f) => [f, fieldErrors(f)])),
        otherErrors: errors
          .filter((e) => !known.some((f) => e.field === f || e.field?.startsWith(`${f}.`)))
          .map((e) => e.message),
      },
      status,
    );
  }
}
