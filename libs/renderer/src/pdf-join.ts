import { PDFDocument } from 'pdf-lib';

/** The prints of one document joined in order (a single print is only re-opened, not copied page by page). */
export async function joinPdfs(pdfs: Buffer[]): Promise<PDFDocument> {
  if (pdfs.length === 1) return PDFDocument.load(pdfs[0], { updateMetadata: false });
  const out = await PDFDocument.create({ updateMetadata: false });
  for (const bytes of pdfs) {
    const src = await PDFDocument.load(bytes, { updateMetadata: false });
    for (const p of await out.copyPages(src, src.getPageIndices())) out.addPage(p);
  }
  return out;
}
