import { defineErrors } from '@app/common';

/** Errors of the worker threads that parse, decode and verify what users upload. */
export const WorkerErrors = defineErrors('workers', {
  INPUT_TOO_COMPLEX: {
    status: 422,
    message: (p: { seconds: number }) =>
      `Tệp hoặc nội dung gửi lên quá phức tạp, không xử lý xong trong ${p.seconds} giây nên đã bị từ chối. Hãy kiểm tra lại tệp (hoặc chia nhỏ nội dung) rồi gửi lại.`,
  },
  INPUT_TOO_LARGE_TO_PROCESS: {
    status: 422,
    message:
      'Tệp gửi lên cần quá nhiều bộ nhớ để xử lý nên đã bị từ chối. Hãy kiểm tra lại tệp (có thể tệp bị hỏng hoặc được tạo bất thường).',
  },
  PROCESSING_BUSY: {
    status: 503,
    message: 'Hệ thống đang xử lý nhiều tệp tải lên, vui lòng thử lại sau ít phút.',
  },
});
