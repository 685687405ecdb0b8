import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';

/** One part of a .docx as text. */
const part = (docx: Buffer, name: string): string =>
  strFromU8(unzipSync(new Uint8Array(docx), { filter: (f) => f.name === name })[name]);

/** word/document.xml of a .docx. */
export const documentXml = (docx: Buffer) => part(docx, 'word/document.xml');

/** word/styles.xml of a .docx. */
export const stylesXml = (docx: Buffer) => part(docx, 'word/styles.xml');

/**
 * The .docx with one paragraph's text rewritten, as Word saves an edit: the first paragraph (w:p)
 * whose text contains `find` loses its runs and gets one run with `replacement`.
 */
export function editParagraph(docx: Buffer, find: string, replacement: string): Buffer {
  const files = unzipSync(new Uint8Array(docx));
  const xml = strFromU8(files['word/document.xml']);
  const paragraphs = xml.match(/<w:p[ >][\s\S]*?<\/w:p>/g) ?? [];
  const text = (p: string) =>
    [...p.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
  const target = paragraphs.find((p) => text(p).includes(find));
  if (!target) throw new Error(`no paragraph holds ${JSON.stringify(find)}`);
  const props = /<w:pPr>[\s\S]*?<\/w:pPr>/.exec(target)?.[0] ?? '';
  const escaped = replacement.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const edited = `<w:p>${props}<w:r><w:t xml:space="preserve">${escaped}</w:t></w:r></w:p>`;
  files['word/document.xml'] = strToU8(xml.replace(target, edited));
  return Buffer.from(zipSync(files));
}
