import { ArgumentsHost, Catch, ExceptionFilter, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { DomainExceptionFilter } from '../http/domain-exception.filter';
import { WebExceptionFilter } from './web-exception.filter';

/** The API's addresses (its routes and its documentation): they answer JSON errors. */
export const isApiPath = (path: string): boolean => path === '/api' || path.startsWith('/api/');

/**
 * Every error no controller's own filter answered — an unknown address, a body parser's refusal, an
 * API route's error — answered in the kind the address promises: under /api the JSON error of the
 * API contract (`{statusCode, code, message}`), anywhere else the Vietnamese error page of the web
 * pages (a browser asked for a page).
 */
@Catch()
@Injectable()
export class GlobalExceptionFilter implements ExceptionFilter {
  private readonly api = new DomainExceptionFilter();

  constructor(private readonly pages: WebExceptionFilter) {}

  catch(exception: unknown, host: ArgumentsHost) {
    const req = host.switchToHttp().getRequest<Request>();
    if (isApiPath(req.path)) return this.api.catch(exception, host);
    return this.pages.catch(exception, host);
  }
}
