import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { RendererErrors } from '@app/renderer';

/** Previews kept for reuse: at most this many, this many bytes, this long. */
const KEEP_ENTRIES = 32;
const KEEP_BYTES = 64 * 1024 * 1024;
const KEEP_MS = 10 * 60 * 1000;

/**
 * Draft previews, rendered once per content: a preview is keyed by the hash of everything the
 * document shows (its model), so the same report at the same version — asked again, or by several
 * people at once — is rendered once and reused. At most one preview is rendered at a time for a
 * person and for a report: another request of a different content meanwhile is refused (429) so
 * that nobody can fill the renderer's pages with their own documents.
 */
@Injectable()
export class PreviewRenders {
  private readonly kept = new Map<string, { pdf: Buffer; at: number }>();
  private keptBytes = 0;
  private readonly inFlight = new Map<string, Promise<Buffer>>();
  private readonly byOwner = new Map<string, string>();
  private readonly byReport = new Map<string, string>();

  /** The preview of `model` for `owner`; `render` runs only when no equal preview is kept or on its way. */
  async preview(
    owner: string,
    reportId: string,
    model: unknown,
    render: () => Promise<Buffer>,
  ): Promise<Buffer> {
    const key = createHash('sha256').update(JSON.stringify(model)).digest('hex');
    const kept = this.kept.get(key);
    if (kept && Date.now() - kept.at < KEEP_MS) {
      // Most recently used last.
      this.kept.delete(key);
      this.kept.set(key, kept);
      return kept.pdf;
    }
    const running = this.inFlight.get(key);
    if (running) return running;
    const busy = (holder: Map<string, string>, id: string) =>
      holder.has(id) && holder.get(id) !== key;
    if (busy(this.byOwner, owner) || busy(this.byReport, reportId)) {
      throw RendererErrors.RENDER_BUSY({ retryAfter: 5 });
    }
    this.byOwner.set(owner, key);
    this.byReport.set(reportId, key);
    const job = render()
      .then((pdf) => {
        this.keep(key, pdf);
        return pdf;
      })
      .finally(() => {
        this.inFlight.delete(key);
        if (this.byOwner.get(owner) === key) this.byOwner.delete(owner);
        if (this.byReport.get(reportId) === key) this.byReport.delete(reportId);
      });
    this.inFlight.set(key, job);
    return job;
  }

  private keep(key: string, pdf: Buffer): void {
    if (pdf.length > KEEP_BYTES / 4) return;
    this.kept.set(key, { pdf, at: Date.now() });
    this.keptBytes += pdf.length;
    for (const [k, v] of this.kept) {
      if (this.kept.size <= KEEP_ENTRIES && this.keptBytes <= KEEP_BYTES) break;
      this.kept.delete(k);
      this.keptBytes -= v.pdf.length;
    }
  }
}
