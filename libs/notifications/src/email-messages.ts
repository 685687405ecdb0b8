import { formatDateTime } from '@app/common';

/** What an e-mail tells of one notification: its own words and where to go. */
export interface MailedNotice {
  title: string;
  body: string;
  /** Absolute (PUBLIC_URL + the notification's path). */
  url: string;
  createdAt: Date;
}

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Everything put into the HTML part goes through this: titles, reasons, names are typed by people. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

/** One line of a subject: no line breaks (header injection), not too long. */
const subjectLine = (s: string) => s.replace(/[\r\n\t]+/g, ' ').slice(0, 200);

const FOOTER_TEXT =
  'Bạn nhận thư này vì đã đăng ký nhận thông báo qua e-mail. Đổi cách nhận tại trang "Cài đặt thông báo".';

const htmlBody = (inner: string, settingsUrl: string) =>
  `<!doctype html><html lang="vi"><head><meta charset="utf-8"></head><body style="font-family:Arial,sans-serif;line-height:1.5">${inner}<p style="color:#666;font-size:12px">${escapeHtml(FOOTER_TEXT)} <a href="${escapeHtml(settingsUrl)}">${escapeHtml(settingsUrl)}</a></p></body></html>`;

const noticeHtml = (n: MailedNotice, heading: 'h1' | 'h2') =>
  `<${heading}>${escapeHtml(n.title)}</${heading}>` +
  n.body
    .split('\n')
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join('') +
  `<p><a href="${escapeHtml(n.url)}">Mở trong hệ thống</a>: ${escapeHtml(n.url)}</p>`;

/** The message of one notification, plain text and HTML (the same words). */
export function noticeMail(n: MailedNotice, settingsUrl: string): MailContent {
  return {
    subject: subjectLine(n.title),
    text: `${n.title}\n\n${n.body}\n\nMở trong hệ thống: ${n.url}\n\n--\n${FOOTER_TEXT} ${settingsUrl}\n`,
    html: htmlBody(noticeHtml(n, 'h1'), settingsUrl),
  };
}

/** The daily digest: every notification not yet e-mailed, oldest first. */
export function digestMail(items: MailedNotice[], settingsUrl: string): MailContent {
  const subject = `Tổng hợp thông báo: ${items.length} thông báo mới`;
  const text =
    `${subject}\n\n` +
    items
      .map(
        (n, i) =>
          `${i + 1}. ${n.title} (${formatDateTime(n.createdAt)})\n${n.body}\nMở trong hệ thống: ${n.url}\n`,
      )
      .join('\n') +
    `\n--\n${FOOTER_TEXT} ${settingsUrl}\n`;
  const html = htmlBody(
    `<h1>${escapeHtml(subject)}</h1>` +
      items
        .map(
          (n) =>
            `<section>${noticeHtml(n, 'h2')}<p style="color:#666">${escapeHtml(formatDateTime(n.createdAt))}</p></section>`,
        )
        .join('<hr>'),
    settingsUrl,
  );
  return { subject: subjectLine(subject), text, html };
}
