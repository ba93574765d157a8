import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import type { AddressInfo } from 'node:net';

/** One mail as the receiver got it, with its text decoded enough to read. */
export interface ReceivedMail {
  from: string;
  to: string[];
  messageId: string;
  subject: string;
  text: string;
  html: string;
  raw: string;
}

/** How the receiver answers a message (its DATA); it can be changed while a test runs. */
export interface SmtpBehaviour {
  /** Refuse this many messages first, with `refuseCode` (then accept) */
  refuseFirst: number;
  /** Refuse every message with `refuseCode` */
  refuseAlways: boolean;
  refuseCode: number;
  /** Wait this long before answering each message */
  delayMs: number;
  /** Never answer a message (until the receiver closes): a server that hangs mid-send */
  hold: boolean;
}

export interface SmtpReceiver {
  port: number;
  /** smtp://user:pass@127.0.0.1:port when the receiver asks for a login, else smtp://127.0.0.1:port */
  url: string;
  mails: ReceivedMail[];
  /** Messages refused so far */
  refused: number;
  /** Messages received and not answered yet (held, or waiting for their delay): sends in flight */
  inFlight: number;
  /** The most SMTP sessions that were open at once */
  maxSessions: number;
  behaviour: SmtpBehaviour;
  /** Resolves when `count` mails have arrived (polling, at most `timeoutMs`) */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

/**
 * A real SMTP server on loopback (the smtp-server package) that keeps what it receives and answers as the
 * test says: accept, refuse at first, always refuse, answer slowly or never. STARTTLS is off (loopback), so
 * a login goes in the clear, as it may here.
 */
export async function startSmtpReceiver(
  options: { login?: { user: string; pass: string }; behaviour?: Partial<SmtpBehaviour> } = {},
): Promise<SmtpReceiver> {
  let open = 0;
  const receiver: Omit<SmtpReceiver, 'port' | 'url' | 'close' | 'waitFor'> = {
    mails: [],
    refused: 0,
    inFlight: 0,
    maxSessions: 0,
    behaviour: { refuseFirst: 0, refuseAlways: false, refuseCode: 451, delayMs: 0, hold: false, ...options.behaviour },
  };
  const server = new SMTPServer({
    logger: false,
    authOptional: !options.login,
    allowInsecureAuth: true,
    disabledCommands: options.login ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    onAuth(auth, _session, callback) {
      if (auth.username === options.login?.user && auth.password === options.login?.pass) {
        return callback(null, { user: auth.username });
      }
      return callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onConnect(_session, callback) {
      open += 1;
      receiver.maxSessions = Math.max(receiver.maxSessions, open);
      callback();
    },
    onClose() {
      open -= 1;
    },
    onData(stream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const b = receiver.behaviour;
        receiver.inFlight += 1;
        // Held: never answered (the count stays, as the send stays in flight until its client goes away).
        if (b.hold) return;
        const answer = () => {
          receiver.inFlight -= 1;
          if (b.refuseAlways || receiver.refused < b.refuseFirst) {
            receiver.refused += 1;
            const permanent = b.refuseCode >= 500;
            return callback(
              Object.assign(new Error(permanent ? 'Mailbox unavailable' : 'Try again later'), {
                responseCode: b.refuseCode,
              }),
            );
          }
          receiver.mails.push(parseMail(Buffer.concat(chunks).toString('utf8'), session));
          callback();
        };
        if (b.delayMs > 0) setTimeout(answer, b.delayMs);
        else answer();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  const login = options.login
    ? `${encodeURIComponent(options.login.user)}:${encodeURIComponent(options.login.pass)}@`
    : '';
  return Object.assign(receiver, {
    port,
    url: `smtp://${login}127.0.0.1:${port}`,
    async waitFor(count: number, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (receiver.mails.length < count) {
        if (Date.now() > deadline) {
          throw new Error(`Expected ${count} mails within ${timeoutMs} ms, got ${receiver.mails.length}`);
        }
        await new Promise((r) => setTimeout(r, 25));
      }
      return receiver.mails;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

/** RFC 2047 encoded words (=?UTF-8?Q?...?= and ?B?), as nodemailer writes non-ASCII headers. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([qb])\?([^?]*)\?=/gi, (_m, encoding: string, text: string) =>
      encoding.toLowerCase() === 'b'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQuotedPrintable(text.replace(/_/g, ' ')),
    );
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  const soft = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(soft[i], 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

function headersOf(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

function decodeBody(headers: Map<string, string>, body: string): string {
  const encoding = (headers.get('content-transfer-encoding') ?? '').toLowerCase();
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return body;
}

/** Enough of MIME to read nodemailer's mails: headers, and the text and HTML parts of an alternative. */
function parseMail(raw: string, session: SMTPServerSession): ReceivedMail {
  const split = raw.search(/\r?\n\r?\n/);
  const headers = headersOf(raw.slice(0, split));
  const body = raw.slice(split).replace(/^\r?\n\r?\n/, '');
  let text = '';
  let html = '';
  const boundary = /boundary="?([^";]+)"?/i.exec(headers.get('content-type') ?? '')?.[1];
  if (boundary) {
    for (const part of body.split(`--${boundary}`)) {
      const at = part.search(/\r?\n\r?\n/);
      if (at < 0) continue;
      const partHeaders = headersOf(part.slice(0, at));
      const content = decodeBody(
        partHeaders,
        part
          .slice(at)
          .replace(/^\r?\n\r?\n/, '')
          .replace(/\r?\n$/, ''),
      );
      const type = partHeaders.get('content-type') ?? '';
      if (type.startsWith('text/plain')) text = content;
      if (type.startsWith('text/html')) html = content;
    }
  } else {
    text = decodeBody(headers, body);
  }
  return {
    from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
    to: session.envelope.rcptTo.map((r) => r.address),
    messageId: headers.get('message-id') ?? '',
    subject: decodeWords(headers.get('subject') ?? ''),
    text: text.replace(/\r\n/g, '\n'),
    html: html.replace(/\r\n/g, '\n'),
    raw,
  };
}
