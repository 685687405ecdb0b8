/** Stable, English error codes; clients may rely on them. The HTTP status lives with the code. */
export const ErrorCodes = {
  VALIDATION_FAILED: 422,
  BAD_REQUEST: 400,
  MALFORMED_JSON: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  STALE_VERSION: 409,
  DUPLICATE: 409,
  TRANSITION_NOT_ALLOWED: 409,
  TOO_MANY_REQUESTS: 429,
  UNSUPPORTED_MEDIA_TYPE: 415,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ErrorCodes;

/** One problem in an input: which field or which cell, and what is wrong, in Vietnamese. */
export interface FieldError {
  form?: string;
  row?: string;
  column?: string;
  field?: string;
  cell?: string;
  message: string;
}

/**
 * A failure the user can act on. `message` is Vietnamese and shown to people;
 * `logMessage` is English and only logged. Mapped to HTTP by the global filter.
 */
export class DomainException extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    readonly userMessage: string,
    readonly details: { errors?: FieldError[]; logMessage?: string; extra?: Record<string, unknown> } = {},
  ) {
    super(details.logMessage ?? `${code}: ${userMessage}`);
    this.name = 'DomainException';
    this.status = ErrorCodes[code];
  }

  get errors(): FieldError[] | undefined {
    return this.details.errors;
  }
}

export const notFound = (what = 'Không tìm thấy dữ liệu yêu cầu.') => new DomainException('NOT_FOUND', what);
export const forbidden = (why = 'Bạn không có quyền thực hiện thao tác này.') =>
  new DomainException('FORBIDDEN', why);
export const validationFailed = (errors: FieldError[], message = 'Dữ liệu không hợp lệ.') =>
  new DomainException('VALIDATION_FAILED', message, { errors });
