import { PDFArray, PDFDocument, PDFName, PDFRef, PDFString } from 'pdf-lib';
import { PlaceStyle, takePlaces } from './page-places';

/** A link annotation as Chromium prints one. */
function link(doc: PDFDocument, uri: string, rect: number[]): PDFRef {
  return doc.context.register(
    doc.context.obj({
      Type: 'Annot',
      Subtype: 'Link',
      Rect: rect,
      A: { Type: 'Action', S: 'URI', URI: PDFString.of(uri) },
    }),
  );
}

const style = (name: string): PlaceStyle => ({
  name,
  fontSize: 13,
  italic: false,
  bold: false,
  align: 'right',
});

describe('takePlaces', () => {
  it('answers the marked links of this render with their page and rectangle, and takes only them out', async () => {
    const doc = await PDFDocument.create();
    const p1 = doc.addPage([595, 842]);
    const p2 = doc.addPage([842, 595]);
    const mine = link(doc, 'https://place.invalid/k1/0/0', [282.75, 766.17, 310.5, 777.42]);
    const other = link(doc, 'https://place.invalid/someone-else/0/0', [1, 1, 2, 2]);
    const web = link(doc, 'https://example.org/', [10, 10, 20, 20]);
    p1.node.set(PDFName.of('Annots'), doc.context.obj([mine, other, web]));
    // Printed upside down (x2 < x1) on the second print's page.
    p2.node.set(
      PDFName.of('Annots'),
      doc.context.obj([link(doc, 'https://place.invalid/k1/1/0', [500, 300, 400, 200])]),
    );

    const places = takePlaces(
      doc,
      new Map([
        ['k1/0', [style('number')]],
        ['k1/1', [style('seal')]],
      ]),
    );
    expect(places).toEqual([
      { ...style('number'), page: 0, x: 282.75, y: 766.17, width: 27.75, height: 11.25 },
      { ...style('seal'), page: 1, x: 400, y: 200, width: 100, height: 100 },
    ]);
    const left = p1.node.lookup(PDFName.of('Annots'), PDFArray).asArray();
    expect(left).toEqual([other, web]);
    expect(doc.context.lookup(mine)).toBeUndefined();
    expect(p2.node.get(PDFName.of('Annots'))).toBeUndefined();
  });

  it('ignores a link of the right form whose index this render did not mark', async () => {
    const doc = await PDFDocument.create();
    const page = doc.addPage();
    const stray = link(doc, 'https://place.invalid/k1/0/7', [0, 0, 5, 5]);
    page.node.set(PDFName.of('Annots'), doc.context.obj([stray]));
    expect(takePlaces(doc, new Map([['k1/0', [style('number')]]]))).toEqual([]);
    expect(page.node.lookup(PDFName.of('Annots'), PDFArray).asArray()).toEqual([stray]);
  });
});
