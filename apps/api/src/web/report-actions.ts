import { ReportEventType } from '@app/workflow';

/** The workflow buttons of the report page, in this order. */
export const REPORT_ACTIONS: {
  type: Exclude<ReportEventType, 'CONSOLIDATE'>;
  label: string;
  confirm: string;
  style: string;
}[] = [
  {
    type: 'REQUEST_SIGNATURE',
    label: 'Trình ký',
    style: 'primary',
    confirm: 'Trình lãnh đạo ký báo cáo này? Trong khi chờ ký, báo cáo không sửa được.',
  },
  {
    type: 'SIGN',
    label: 'Ký',
    style: 'primary',
    confirm: 'Ký báo cáo này? Nội dung sẽ được khóa và chuyển văn thư phát hành.',
  },
  {
    type: 'SUBMIT',
    label: 'Phát hành',
    style: 'primary',
    confirm: 'Phát hành báo cáo này? Văn bản sẽ được cấp số, lưu bản gốc và gửi đến nơi nhận.',
  },
  {
    type: 'ACKNOWLEDGE',
    label: 'Tiếp nhận',
    style: 'primary',
    confirm: '',
  },
  {
    type: 'RETURN',
    label: 'Trả lại',
    style: 'danger',
    confirm: 'Trả lại báo cáo với lý do đã ghi?',
  },
];
export const WEB_EVENT_TYPES = REPORT_ACTIONS.map((a) => a.type);
