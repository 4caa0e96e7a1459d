import net from 'node:net';

/** Bytes one read can take: an answer of the query section is at most about 130 kB. */
const READ_BUFFER_BYTES = 256 * 1024;
const HEADER_END = Buffer.from('\r\n\r\n');

/**
 * One keep-alive HTTP/1.1 connection that sends the same prepared request again and again, one at
 * a time, and reads every answer into a single buffer it reuses (net's `onread`). It only needs the
 * status and the `content-length` (both servers send one; an answer without it is an error).
 *
 * Why not node:http: the 1-client figures time each request from this process, so this process's
 * own collector pauses land in them. node:http builds a parser state, an IncomingMessage and a
 * fresh Buffer per read for every answer; with the timeline's 100 kB answers the bench process
 * collected about 100 times in 15 s, and 42-45% of the requests over 10 ms overlapped one of its
 * own pauses (scratch, 2026-12-01, gateway and client GCs timed with perf_hooks).
 */
export class KeepAliveClient {
  private readonly request: Buffer;
  private readonly socket: net.Socket;
  private header: Buffer | null = null;
  /** Body bytes still to come; -1 while the header is being read. */
  private remaining = -1;
  private status = 0;
  private waiting: { resolve(status: number): void; reject(error: Error): void } | null = null;

  private constructor(url: URL, body: string, headers: Record<string, string>) {
    const payload = Buffer.from(body);
    const lines = [
      `POST ${url.pathname}${url.search} HTTP/1.1`,
      `host: ${url.host}`,
      'content-type: application/json',
      `content-length: ${payload.length}`,
      ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    ];
    this.request = Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), payload]);
    this.socket = net.connect({
      host: url.hostname,
      port: Number(url.port),
      noDelay: true,
      onread: { buffer: Buffer.allocUnsafe(READ_BUFFER_BYTES), callback: (n, buffer) => this.read(buffer, n) },
    });
    this.socket.on('error', (error) => this.fail(error));
    this.socket.on('close', () => this.fail(new Error('the server closed the connection')));
  }

  static async connect(url: string, body: string, headers: Record<string, string>): Promise<KeepAliveClient> {
    const client = new KeepAliveClient(new URL(url), body, headers);
    await new Promise<void>((resolve, reject) => {
      client.socket.once('connect', resolve);
      client.socket.once('error', reject);
    });
    return client;
  }

  /** Sends the request; resolves to the answer's HTTP status once its whole body has arrived. */
  send(): Promise<number> {
    if (this.waiting) return Promise.reject(new Error('one request at a time'));
    return new Promise<number>((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.socket.write(this.request);
    });
  }

  close(): void {
    this.waiting = null;
    this.socket.destroy();
  }

  private read(buffer: Uint8Array, n: number): boolean {
    const chunk = Buffer.from(buffer.buffer, buffer.byteOffset, n);
    if (this.remaining >= 0) this.remaining -= n;
    else {
      // A header split over reads (rare: it is about 200 bytes) is kept until its end arrives.
      const seen = this.header ? Buffer.concat([this.header, chunk]) : chunk;
      const end = seen.indexOf(HEADER_END);
      if (end < 0) {
        this.header = Buffer.from(seen);
        return true;
      }
      this.header = null;
      const head = seen.toString('latin1', 0, end);
      const length = /\r\ncontent-length: *(\d+)/i.exec(head)?.[1];
      if (length === undefined) {
        this.fail(new Error(`an answer without content-length: ${head.split('\r\n')[0]}`));
        return false;
      }
      this.status = Number(head.slice(9, 12));
      this.remaining = Number(length) - (seen.length - end - HEADER_END.length);
    }
    if (this.remaining <= 0) {
      this.remaining = -1;
      const waiting = this.waiting;
      this.waiting = null;
      waiting?.resolve(this.status);
    }
    return true;
  }

  private fail(error: Error): void {
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.reject(error);
  }
}
