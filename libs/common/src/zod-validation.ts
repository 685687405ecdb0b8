import { z } from 'zod';
import { FieldError, validationFailed } from './domain.exception';

type Issue = z.core.$ZodIssue;

function vietnameseMessage(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? 'Trường bắt buộc, chưa nhập.'
        : `Sai kiểu dữ liệu (cần ${typeName(issue.expected)}).`;
    case 'unrecognized_keys':
      return `Trường không được chấp nhận: ${issue.keys.join(', ')}.`;
    case 'too_small':
      return issue.origin === 'string'
        ? `Quá ngắn (tối thiểu ${issue.minimum} ký tự).`
        : `Giá trị quá nhỏ (tối thiểu ${issue.minimum}).`;
    case 'too_big':
      return issue.origin === 'string'
        ? `Quá dài (tối đa ${issue.maximum} ký tự).`
        : `Giá trị quá lớn (tối đa ${issue.maximum}).`;
    case 'invalid_value':
      return `Giá trị không hợp lệ (chấp nhận: ${issue.values.map(String).join(', ')}).`;
    case 'invalid_format':
      return 'Sai định dạng.';
    default:
      return issue.message && /[À-ỹ]/.test(issue.message) ? issue.message : 'Giá trị không hợp lệ.';
  }
}

function typeName(t: string): string {
  const names: Record<string, string> = {
    string: 'chuỗi ký tự',
    number: 'số',
    int: 'số nguyên',
    boolean: 'đúng/sai',
    object: 'đối tượng',
    array: 'danh sách',
  };
  return names[t] ?? t;
}

/** Each problem of a failed parse as a field error with a Vietnamese message. */
export function zodFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || undefined,
    message: vietnameseMessage(issue),
  }));
}

/** Parses untrusted input; any problem becomes a 422 listing each field in Vietnamese. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw validationFailed(zodFieldErrors(result.error));
}
