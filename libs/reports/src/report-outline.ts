import type { ReportingPeriod } from './entities/period.entity';

/**
 * Whether a period covers half a year (a 6-month report) or a whole year, from its data cut-off
 * window (Nghị định 09/2019: 15/12 to 14/6 for six months, 15/12 to 14/12 for a year).
 */
export function isHalfYear(period: Pick<ReportingPeriod, 'cutoffFrom' | 'cutoffTo'>): boolean {
  const days = (Date.parse(period.cutoffTo) - Date.parse(period.cutoffFrom)) / 86_400_000;
  return days < 270;
}

/**
 * The outline of the 6-month / annual report (reference: annex "Đề cương báo cáo 6 tháng và báo
 * cáo năm" of plan 136/KH-UBND), in the narrative's Markdown subset. A new BC draft starts from it.
 */
export function reportOutline(
  period: Pick<ReportingPeriod, 'year' | 'cutoffFrom' | 'cutoffTo'>,
): string {
  const { year } = period;
  const halfYear = isHalfYear(period);
  const span = halfYear ? `6 tháng đầu năm ${year}` : `năm ${year}`;
  const next = halfYear ? `6 tháng cuối năm ${year}` : `năm ${year + 1}`;
  return `I. ĐẶC ĐIỂM TÌNH HÌNH

1. Tình hình kinh tế - xã hội tác động đến trẻ em, tình hình trẻ em và công tác trẻ em tại địa phương

2. Những vấn đề về trẻ em và công tác trẻ em phát sinh hoặc chưa được giải quyết

II. KẾT QUẢ THỰC HIỆN ${span.toUpperCase()}

1. Công tác tham mưu, chỉ đạo, giám sát, đánh giá thực hiện công tác trẻ em

2. Công tác bảo vệ trẻ em (ở 3 cấp độ)

3. Công tác chăm sóc trẻ em

4. Công tác giáo dục trẻ em

5. Công tác văn hóa, thông tin, thể thao, du lịch cho trẻ em

6. Thực hiện quyền tham gia của trẻ em

7. Kết quả các dự án, chương trình, mô hình hợp tác quốc tế hoặc vận động xã hội

8. Hoạt động của Quỹ bảo trợ trẻ em

9. Kinh phí đầu tư cho công tác trẻ em

(Phần số liệu theo các phụ lục kèm theo)

III. ĐÁNH GIÁ KẾT QUẢ ĐẠT ĐƯỢC

1. So sánh kết quả, hiệu quả so với cùng kỳ năm ${year - 1}

2. Những tồn tại, hạn chế

3. Nguyên nhân của tồn tại, hạn chế (quản lý nhà nước, phối hợp liên ngành, tác động khách quan,…)

IV. KẾ HOẠCH ${next.toUpperCase()}

1. Mục tiêu chung

2. Các mục tiêu cụ thể

3. Các chỉ tiêu cần đạt

4. Nội dung các chương trình, đề án, hoạt động trọng tâm và các mô hình tiếp tục thực hiện

5. Dự kiến tổng kinh phí hoạt động
`;
}
