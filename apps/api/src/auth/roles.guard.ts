import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthUser, Role } from '@app/auth';
import { CommonErrors } from '@app/common';

const ROLES_KEY = 'roles';
/** The route needs one of these roles. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

const ROLE_NAMES: Record<Role, string> = {
  officer: 'chuyên viên',
  head: 'lãnh đạo',
  clerk: 'văn thư',
  unitAdmin: 'quản trị đơn vị',
  admin: 'quản trị',
};

@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!roles?.length) return true;
    const user = context.switchToHttp().getRequest().user as AuthUser | undefined;
    if (!user || !roles.some((r) => user.roles.includes(r))) {
      throw CommonErrors.FORBIDDEN({
        message: `Chức năng này dành cho ${roles.map((r) => ROLE_NAMES[r]).join(' hoặc ')}.`,
      });
    }
    return true;
  }
}
