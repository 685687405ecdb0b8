import { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
}

export interface TestSmtp {
  /** smtp://127.0.0.1:<port> */
  url: string;
  /** Messages the server accepted, in order. */
  messages: ReceivedMail[];
  /** DATA commands begun (accepted or not). */
  attempts(): number;
  /** The client port of each DATA begun (whose process it is: clientPids in processes). */
  attemptPorts: number[];
  waitFor(pred: (m: ReceivedMail[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A real SMTP server on loopback (smtp-server), reading each message with mailparser. `stall(n)`:
 * the n-th DATA (from 1) is never answered — the sender waits, as when the line or the server hangs.
 */
export async function startSmtp(
  opts: { stall?: (attempt: number) => boolean } = {},
): Promise<TestSmtp> {
  const messages: ReceivedMail[] = [];
  const attemptPorts: number[] = [];
  let attempts = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const n = ++attempts;
      attemptPorts.push(session.remotePort);
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (opts.stall?.(n)) return; // never answered
        simpleParser(Buffer.concat(chunks))
          .then((m) => {
            const to = m.to ? (Array.isArray(m.to) ? m.to : [m.to]) : [];
            messages.push({
              to: to.flatMap((a) => a.value.map((v) => v.address ?? '')),
              subject: m.subject ?? '',
              text: m.text ?? '',
              html: typeof m.html === 'string' ? m.html : '',
              messageId: m.messageId ?? '',
            });
            callback();
          })
          .catch((e: Error) => callback(e));
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    attempts: () => attempts,
    attemptPorts,
    async waitFor(pred, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pred(messages)) {
        if (Date.now() > deadline)
          throw new Error(
            `no such mail in ${timeoutMs} ms; got ${JSON.stringify(messages.map((m) => [m.to, m.subject]))}`,
          );
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
