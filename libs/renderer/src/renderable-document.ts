/**
 * A document as the renderer takes it: one <head> shared by its parts, and the parts (the text,
 * each annex) each printed on its own pages. Built by the document templates; the renderer never
 * parses HTML.
 */
export interface DocumentHead {
  /** Identifies the head: equal keys mean equal HTML, so a pooled page that has it loaded keeps it. */
  key: string;
  /** `<!DOCTYPE html><html …><head>…</head>`: styles and fonts only, nothing a user typed. */
  html: string;
  /**
   * How many parts the head can lay out in one print, each in a `<div data-part>` child of <body>
   * with its own named pages and page counter; 0 when every part must be printed alone.
   */
  printParts: number;
}

export interface RenderablePart {
  /** The class of the part's <body> (or <div data-part>), e.g. "landscape". */
  className?: string;
  /** The inner HTML of the part's <body>, already escaped by its template. */
  body: string;
}

export interface RenderableDocument {
  /** Absent: each part is a bare page of its own. */
  head?: DocumentHead;
  parts: RenderablePart[];
  /** The PDF's title. */
  title?: string;
}

/** The whole HTML page of one part on its own (for previews and tests; the renderer swaps bodies instead). */
export function standalonePage(head: DocumentHead | undefined, part: RenderablePart): string {
  const body = `<body${part.className ? ` class="${escapeAttribute(part.className)}"` : ''}>${part.body}</body>`;
  return head
    ? `${head.html}\n${body}\n</html>\n`
    : `<!DOCTYPE html><html><head><meta charset="utf-8"></head>${body}</html>`;
}

export const escapeAttribute = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
