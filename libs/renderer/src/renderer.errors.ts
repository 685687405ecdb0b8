import { defineErrors } from '@app/common';

/** Errors of the PDF renderer. */
export const RendererErrors = defineErrors('renderer', {
  RENDER_QUEUE_FULL: {
    status: 429,
    message: 'Hệ thống đang in nhiều văn bản, vui lòng thử lại sau ít phút.',
  },
  RENDER_TIMEOUT: {
    status: 503,
    message: 'In văn bản quá thời gian cho phép. Vui lòng thử lại sau.',
  },
  RENDER_QUEUE_TIMEOUT: {
    status: 503,
    message:
      'Hệ thống đang bận in các văn bản khác; văn bản của bạn đã chờ quá lâu. Vui lòng thử lại sau ít phút.',
  },
  RENDER_BUSY: {
    status: 429,
    message: 'Văn bản bạn yêu cầu trước đó vẫn đang được in. Vui lòng đợi nó xong rồi thử lại.',
  },
  DOCUMENT_TOO_LONG: {
    status: 422,
    message: (p: { max: number }) =>
      `Văn bản dài quá ${p.max} trang nên không in được. Hãy rút gọn nội dung hoặc chia thành nhiều văn bản.`,
  },
  RENDERER_UNAVAILABLE: {
    status: 503,
    message: 'Dịch vụ in văn bản đang dừng. Vui lòng thử lại sau.',
  },
});
