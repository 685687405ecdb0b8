import { FormDefinition } from '@app/forms';
import { annexOf } from './document-builder';
import { PERIOD_REPORT_TYPE, documentSymbol } from './document-types';
import { IssuerModel } from './document-model';
import { renderAnnexHtml } from './document-templates';

/**
 * A form as it prints as an annex of a draft report of `issuer`, blank: the form designer's live
 * preview (a whole HTML page, the same templates and fonts as the PDF).
 */
export function formAnnexPreviewHtml(def: FormDefinition, issuer: IssuerModel): string {
  const html = renderAnnexHtml(
    {
      draft: true,
      docType: PERIOD_REPORT_TYPE,
      issuer,
      numberText: null,
      symbol: documentSymbol(PERIOD_REPORT_TYPE, issuer.abbreviation),
      issueDate: null,
      title: '',
      kinhGui: [],
      narrative: '',
      recipients: [],
      signature: { authority: null, headTitle: null, positionTitle: null, signerName: null },
      annexes: [annexOf(def, {}, 'I')],
    },
    0,
  );
  return html.replace('</head>', `${ON_SCREEN}</head>`);
}

/**
 * The document head shows nothing on screen (its pages exist to be printed); the preview shows the
 * page as a sheet of A4 with the print margins, scaled to fit a narrow frame.
 */
const ON_SCREEN = `<style>
@media screen {
  html { background: #8a929c; }
  body { display: block !important; box-sizing: border-box; width: 210mm; min-height: 297mm; margin: 12px auto;
         padding: 20mm 15mm 20mm 30mm; background: #fff; box-shadow: 0 1px 6px rgba(0,0,0,.35); zoom: 0.6; }
  body.landscape { width: 297mm; min-height: 210mm; padding: 30mm 20mm 15mm 20mm; zoom: 0.45; }
}
</style>
`;
