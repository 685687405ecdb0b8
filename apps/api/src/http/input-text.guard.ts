import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { FieldError, normalizeText, textProblem, validationFailed } from '@app/common';

/** Fields never read as text: passwords are compared byte for byte, never stored or printed. */
const OPAQUE_FIELD = /password$/i;

type Container = Record<string, unknown> | unknown[];

const isContainer = (v: unknown): v is Container =>
  typeof v === 'object' &&
  v !== null &&
  !Buffer.isBuffer(v) &&
  !ArrayBuffer.isView(v) &&
  !(v instanceof ArrayBuffer);

/** Sets `key` on `obj` as an own property, whatever the key (`__proto__` included). */
function put(obj: Container, key: string, value: unknown) {
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
}

/**
 * Checks every text of one part of a request and rewrites it to NFC in place: the values and the
 * keys of objects and arrays at any depth (walked without recursion, so no nesting can overflow the
 * stack). Multi-line text is allowed (tab and line breaks); the DTOs decide which fields are single-line.
 */
function scan(root: Container, prefix: string, errors: FieldError[]) {
  const stack: { node: Container; path: string }[] = [{ node: root, path: prefix }];
  const at = (path: string, key: string) => (path ? `${path}.${key}` : key);
  while (stack.length) {
    const { node, path } = stack.pop()!;
    for (const key of Object.keys(node)) {
      const field = at(path, key);
      const keyProblem = textProblem(key, { multiline: false });
      if (keyProblem) {
        errors.push({ field, message: keyProblem });
        continue;
      }
      const value = (node as Record<string, unknown>)[key];
      if (typeof value === 'string') {
        if (OPAQUE_FIELD.test(key)) continue;
        const problem = textProblem(value, { multiline: true });
        if (problem) errors.push({ field, message: problem });
        else {
          const nfc = normalizeText(value);
          if (nfc !== value) put(node, key, nfc);
        }
      } else if (isContainer(value)) stack.push({ node: value, path: field });
      const nfcKey = normalizeText(key);
      if (nfcKey !== key && !Array.isArray(node)) {
        const v = (node as Record<string, unknown>)[key];
        delete (node as Record<string, unknown>)[key];
        put(node, nfcKey, v);
      }
    }
  }
}

/**
 * One check of every text a request carries — JSON and form bodies, query strings, route
 * parameters — before any controller, strategy or query sees it: text is Unicode NFC, and
 * characters no Vietnamese text needs (NUL and other controls, bidi overrides, zero-width
 * characters) are refused with 422 naming the field. Global, after the authentication and role
 * guards (who may not call a route is told so first) and before the route's own guards (sign-in).
 */
@Injectable()
export class InputTextGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request>();
    const errors: FieldError[] = [];
    if (isContainer(req.body)) scan(req.body, '', errors);
    // Express parses the query string at every read of req.query: keep the checked copy.
    const query = req.query as unknown;
    if (isContainer(query)) {
      scan(query, '', errors);
      Object.defineProperty(req, 'query', {
        value: query,
        writable: true,
        enumerable: true,
        configurable: true,
      });
    }
    if (isContainer(req.params)) scan(req.params, '', errors);
    if (errors.length) {
      throw validationFailed(
        errors,
        `Dữ liệu gửi lên có ký tự không được phép (trường ${errors
          .slice(0, 3)
          .map((e) => e.field)
          .join(', ')}${errors.length > 3 ? ', …' : ''}).`,
      );
    }
    return true;
  }
}
