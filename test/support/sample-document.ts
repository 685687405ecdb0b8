import { AnnexModel, DocumentModel } from '@app/documents';

/** A wide annex (03/TE-like: units and column numbers in the header, laid out landscape). */
export const wideAnnex: AnnexModel = {
  roman: 'II',
  formCode: '03/TE',
  title: 'Thống kê trẻ em có hoàn cảnh đặc biệt',
  reportingNote: 'Kỳ báo cáo: 2 lần/năm\nNgày báo cáo: trước 25/5 và 20/11',
  hasUnitColumn: false,
  columns: [
    { key: 'c1', label: 'Tổng số', no: '1', unit: 'Người' },
    { key: 'c2', label: 'Tỷ lệ', no: '2', unit: '%' },
  ],
  rows: [
    { no: 'I', label: 'Dân số trẻ em', unit: '', kind: 'section', cells: ['', ''] },
    { no: '', label: 'Trong đó:', unit: '', kind: 'heading', cells: ['', ''] },
    { no: '1', label: 'Trẻ em dưới 16 tuổi', unit: '', cells: ['1.080', '25,6'] },
  ],
  landscape: true,
};

/** An issued BC of Hoàng Đồng with a portrait annex (01/TE) and the wide one; `over` replaces fields. */
export function sampleDocument(over: Partial<DocumentModel> = {}): DocumentModel {
  return {
    draft: false,
    docType: 'BC',
    issuer: {
      governingBody: null,
      name: 'Ủy ban nhân dân xã Hoàng Đồng',
      abbreviation: 'UBND',
      placeName: 'Hoàng Đồng',
      filingUnit: 'VHXH',
    },
    numberText: '05/BC-UBND',
    symbol: 'BC-UBND',
    issueDate: '2024-02-05',
    title: 'Kết quả thực hiện công tác trẻ em 6 tháng đầu năm 2024',
    kinhGui: [],
    narrative:
      'I. ĐẶC ĐIỂM TÌNH HÌNH\n\n1. Tình hình chung\n\nXã có 2.104 trẻ em.\n\n- Trẻ em có hoàn cảnh đặc biệt: 37 em;',
    recipients: [
      { name: 'Phòng Lao động - Thương binh và Xã hội thành phố' },
      { name: 'TT Đảng ủy (b/c);' },
    ],
    signature: {
      authority: 'KT.',
      headTitle: 'CHỦ TỊCH',
      positionTitle: 'PHÓ CHỦ TỊCH',
      signerName: 'Hoàng Quốc Thành',
      signatureImage: null,
      sealImage: null,
    },
    annexes: [
      {
        roman: 'I',
        formCode: '01/TE',
        title: 'Thống kê số liệu cơ bản về công tác trẻ em',
        reportingNote: 'Kỳ báo cáo: 2 lần/năm',
        hasUnitColumn: true,
        columns: [{ key: 'y2024', label: 'Năm 2024' }],
        rows: [{ no: '1', label: 'Số trẻ em dưới 16 tuổi', unit: 'Người', cells: ['2.104'] }],
        landscape: false,
      },
      wideAnnex,
    ],
    ...over,
  };
}
