/** One problem in an input: which field or which cell, and what is wrong, in Vietnamese. */
export interface FieldError {
  /** The sheet of an uploaded workbook. */
  sheet?: string;
  form?: string;
  /** A form's row code, or the Excel row number of an uploaded sheet. */
  row?: string | number;
  column?: string;
  field?: string;
  cell?: string;
  message: string;
}

/** At most this many problems are listed in an answer (or stored); `errorCount` gives how many there were. */
export const MAX_LISTED_ERRORS = 100;

/** The first `MAX_LISTED_ERRORS` problems of a list and how many there were in all. */
export function capErrors<T>(errors: T[]): { errors: T[]; errorCount: number } {
  return { errors: errors.slice(0, MAX_LISTED_ERRORS), errorCount: errors.length };
}

export interface ErrorDetails {
  /** Every problem found: kept capped to the first MAX_LISTED_ERRORS (`errorCount` keeps the total). */
  errors?: FieldError[];
  /** English, only logged. */
  logMessage?: string;
  /** Extra fields of the answer's body (e.g. `existingReportId`). */
  extra?: Record<string, unknown>;
  /** Seconds, sent as `Retry-After` (429, 503). */
  retryAfter?: number;
}

/**
 * A failure the user can act on: a stable English `code`, its HTTP `status`, and a Vietnamese
 * `userMessage` shown to people. Mapped to HTTP by the global filter. Build them with the
 * factories of each context's error catalogue (`*.errors.ts`), never by hand.
 */
export class DomainException extends Error {
  /** How many problems were found (`errors` lists at most MAX_LISTED_ERRORS of them). */
  readonly errorCount?: number;

  constructor(
    readonly code: string,
    readonly status: number,
    readonly userMessage: string,
    readonly details: ErrorDetails = {},
  ) {
    super(details.logMessage ?? `${code}: ${userMessage}`);
    this.name = 'DomainException';
    // An input of 30,000 bad cells must not become an answer of 30,000 messages.
    if (details.errors) {
      const capped = capErrors(details.errors);
      this.details = { ...details, errors: capped.errors };
      this.errorCount = capped.errorCount;
    }
  }

  get errors(): FieldError[] | undefined {
    return this.details.errors;
  }
}

/** One entry of an error catalogue: its HTTP status and its Vietnamese message (fixed or built from parameters). */
export interface ErrorSpec {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  message: string | ((params: any) => string);
}

type Factory<S extends ErrorSpec> = S['message'] extends (params: infer P) => string
  ? (params: P, details?: ErrorDetails) => DomainException
  : (details?: ErrorDetails) => DomainException;

export type ErrorFactories<S extends Record<string, ErrorSpec>> = {
  readonly [K in keyof S]: Factory<S[K]>;
};

/** Every catalogue defined, by code: the OpenAPI document and the docs list them. */
export const ERROR_CATALOGUE = new Map<string, { status: number; context: string }>();

/**
 * An error catalogue: code → status and Vietnamese message, one file per context. Returns a factory
 * per code: `throw ReportErrors.PERIOD_CLOSED({ label })`.
 */
export function defineErrors<const S extends Record<string, ErrorSpec>>(
  context: string,
  specs: S,
): ErrorFactories<S> {
  const out: Record<string, unknown> = {};
  for (const [code, spec] of Object.entries(specs)) {
    const known = ERROR_CATALOGUE.get(code);
    if (known && (known.status !== spec.status || known.context !== context)) {
      throw new Error(`error code ${code} is defined twice (${known.context} and ${context})`);
    }
    ERROR_CATALOGUE.set(code, { status: spec.status, context });
    const message = spec.message;
    out[code] =
      typeof message === 'function'
        ? (params: unknown, details?: ErrorDetails) =>
            new DomainException(code, spec.status, message(params), details)
        : (details?: ErrorDetails) => new DomainException(code, spec.status, message, details);
  }
  return out as ErrorFactories<S>;
}

/** Errors every context may raise: malformed or invalid input, not signed in, not allowed, not found, overload. */
export const CommonErrors = defineErrors('common', {
  VALIDATION_FAILED: {
    status: 422,
    message: (p: { message?: string } = {}) => p.message ?? 'Dữ liệu không hợp lệ.',
  },
  BAD_REQUEST: {
    status: 400,
    message: (p: { message?: string } = {}) => p.message ?? 'Yêu cầu không hợp lệ.',
  },
  MALFORMED_JSON: { status: 400, message: 'Dữ liệu JSON gửi lên không đúng cú pháp.' },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    message: (p: { message?: string } = {}) => p.message ?? 'Dữ liệu gửi lên quá lớn.',
  },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Định dạng dữ liệu không được hỗ trợ.' },
  UNAUTHENTICATED: {
    status: 401,
    message: (p: { message?: string } = {}) => p.message ?? 'Bạn cần đăng nhập để tiếp tục.',
  },
  FORBIDDEN: {
    status: 403,
    message: (p: { message?: string } = {}) =>
      p.message ?? 'Bạn không có quyền thực hiện thao tác này.',
  },
  NOT_FOUND: {
    status: 404,
    message: (p: { message?: string } = {}) => p.message ?? 'Không tìm thấy dữ liệu yêu cầu.',
  },
  TOO_MANY_REQUESTS: {
    status: 429,
    message: (p: { message?: string } = {}) =>
      p.message ?? 'Bạn thao tác quá nhiều lần. Vui lòng thử lại sau ít phút.',
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    message: (p: { message?: string } = {}) =>
      p.message ?? 'Hệ thống tạm thời không phục vụ được. Vui lòng thử lại sau.',
  },
  INTERNAL: {
    status: 500,
    message: 'Đã xảy ra lỗi hệ thống. Vui lòng thử lại hoặc báo cho quản trị viên kèm mã lỗi.',
  },
});

/** 422 listing each problem; `message` sums them up. */
export const validationFailed = (errors: FieldError[], message?: string) =>
  CommonErrors.VALIDATION_FAILED({ message }, { errors });
