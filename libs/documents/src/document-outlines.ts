import { formatDate } from '@app/common';
import { DocumentTypeDef, documentType } from './document-types';

/** An issued request for reports as an answer cites it: "Thực hiện Công văn số … ngày … của … về việc …". */
export interface RequestCitation {
  /** The request's type code (CV, KH). */
  docType: string;
  numberText: string;
  /** YYYY-MM-DD. */
  issueDate: string;
  issuerName: string;
  /** Its trích yếu / V/v. */
  subject: string;
}

/** A request being drafted: what the letter asks for, to start its body with. */
export interface RequestOutline {
  deadline: string;
  forms: string[];
  unitNames: string[];
}

/** What a new draft's outline depends on. */
export interface OutlineContext {
  year: number;
  /** A six-month period (else a year). */
  halfYear: boolean;
  /** The unit writing the draft ("Ủy ban nhân dân phường Lương Văn Tri"). */
  unitName: string;
  /** A report answering a request: the request it cites first. */
  answering?: RequestCitation;
  /** A công văn or plan asking lower units for a report. */
  request?: RequestOutline;
}

/** "V/v báo cáo …" typed as the subject: the words after "V/v". */
export function subjectOf(title: string): string {
  return title
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^v\/v\.?\s*/iu, '');
}

/** "Báo cáo tình hình …" → "báo cáo tình hình …" (an abbreviation such as "UBND" stays). */
export function inSentence(s: string): string {
  return /^\p{Lu}\p{Ll}/u.test(s) ? s[0].toLocaleLowerCase('vi') + s.slice(1) : s;
}

/** "Thực hiện Công văn số 03/SYT-DSTE ngày 02/12/2026 của Sở Y tế tỉnh Lạng Sơn về việc báo cáo …". */
export function citationSentence(c: RequestCitation): string {
  const subject = subjectOf(c.subject);
  return (
    `Thực hiện ${documentType(c.docType).name} số ${c.numberText} ngày ${formatDate(c.issueDate)}` +
    ` của ${c.issuerName}${subject ? ` về việc ${inSentence(subject)}` : ''}`
  );
}

/** The outline a new draft of a type starts from, in the narrative's Markdown subset. */
export function startingOutline(docType: string, ctx: OutlineContext): string {
  return OUTLINES[documentType(docType).outline](ctx);
}

const OUTLINES: Record<DocumentTypeDef['outline'], (ctx: OutlineContext) => string> = {
  report: (ctx) => (ctx.answering ? answerOutline(ctx, ctx.answering) : periodReportOutline(ctx)),
  plan: planOutline,
  letter: letterOutline,
};

/** A report answering a request: the citation, then what the request asks about. */
function answerOutline(ctx: OutlineContext, c: RequestCitation): string {
  return `${citationSentence(c)}, ${ctx.unitName} báo cáo như sau:

I. TÌNH HÌNH, KẾT QUẢ THỰC HIỆN

II. KHÓ KHĂN, VƯỚNG MẮC

III. ĐỀ XUẤT, KIẾN NGHỊ

(Số liệu theo phụ lục kèm theo)
`;
}

/** A công văn: what is asked, of whom, by when; the addressees are its "Kính gửi:" line. */
function letterOutline(ctx: OutlineContext): string {
  const r = ctx.request;
  if (!r) return `${ctx.unitName} trân trọng đề nghị …\n\nTrân trọng./.\n`;
  const forms = r.forms.length
    ? ` theo ${r.forms.length > 1 ? 'các biểu mẫu' : 'biểu mẫu'} kèm theo (Mẫu số ${r.forms.join(', ')})`
    : '';
  return `Để có cơ sở tổng hợp, báo cáo cấp có thẩm quyền, ${ctx.unitName} đề nghị ${r.unitNames.length > 1 ? 'các đơn vị' : 'đơn vị'} báo cáo nội dung trên${forms}.

Báo cáo của đơn vị gửi về ${ctx.unitName} trước ngày ${formatDate(r.deadline)} qua hệ thống báo cáo.

Trân trọng./.
`;
}

/** A plan (reference: plan 71/KH-UBND); a plan that asks for reports says by when. */
function planOutline(ctx: OutlineContext): string {
  const due = ctx.request
    ? `\n\n${ctx.request.unitNames.length > 1 ? 'Các đơn vị' : 'Đơn vị'} báo cáo kết quả thực hiện về ${ctx.unitName} trước ngày ${formatDate(ctx.request.deadline)} (theo phụ lục kèm theo).`
    : '';
  return `I. MỤC ĐÍCH, YÊU CẦU

1. Mục đích

2. Yêu cầu

II. NỘI DUNG, NHIỆM VỤ TRỌNG TÂM

1. Công tác tuyên truyền, nâng cao nhận thức

2. Công tác bảo vệ, chăm sóc, giáo dục trẻ em

III. KINH PHÍ THỰC HIỆN

IV. TỔ CHỨC THỰC HIỆN${due}
`;
}

/**
 * The outline of the 6-month / annual report (reference: annex "Đề cương báo cáo 6 tháng và báo
 * cáo năm" of plan 136/KH-UBND).
 */
export function periodReportOutline(ctx: Pick<OutlineContext, 'year' | 'halfYear'>): string {
  const { year, halfYear } = ctx;
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
