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
  RENDERER_UNAVAILABLE: {
    status: 503,
    message: 'Dịch vụ in văn bản đang dừng. Vui lòng thử lại sau.',
  },
});
