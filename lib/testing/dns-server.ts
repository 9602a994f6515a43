// A tiny DNS server on loopback UDP for tests: it answers TXT questions from a map, NXDOMAIN for
// names it does not know, SERVFAIL or silence (a timeout) on demand. Just enough of RFC 1035.
import dgram from "node:dgram";

const TYPE_TXT = 16;
const CLASS_IN = 1;
const RCODE = { noError: 0, serverFailure: 2, nameError: 3 } as const;

/** TXT values of a name, or how the server misbehaves for it. */
export type TestDnsAnswer = string[] | "servfail" | "timeout";

export interface TestDnsServer {
  /** "127.0.0.1:<port>", as DNS_SERVERS takes it. */
  readonly address: string;
  readonly port: number;
  set(name: string, answer: TestDnsAnswer): void;
  delete(name: string): void;
  close(): Promise<void>;
}

interface Question {
  name: string;
  type: number;
  /** The question section as received, echoed in the answer. */
  raw: Buffer;
}

function parseQuestion(msg: Buffer): Question | null {
  if (msg.length < 12 || msg.readUInt16BE(4) < 1) return null;
  const labels: string[] = [];
  let offset = 12;
  while (offset < msg.length) {
    const length = msg[offset];
    if (length === 0) break;
    if (length > 63 || offset + 1 + length > msg.length) return null;
    labels.push(msg.toString("latin1", offset + 1, offset + 1 + length));
    offset += 1 + length;
  }
  const end = offset + 5;
  if (end > msg.length) return null;
  return { name: labels.join(".").toLowerCase(), type: msg.readUInt16BE(offset + 1), raw: msg.subarray(12, end) };
}

function txtRecord(value: string): Buffer {
  const bytes = Buffer.from(value, "utf8");
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length || i === 0; i += 255) {
    const chunk = bytes.subarray(i, i + 255);
    chunks.push(Buffer.from([chunk.length]), chunk);
  }
  const rdata = Buffer.concat(chunks);
  const header = Buffer.alloc(12);
  header.writeUInt16BE(0xc00c, 0); // the name: a pointer to the question's
  header.writeUInt16BE(TYPE_TXT, 2);
  header.writeUInt16BE(CLASS_IN, 4);
  header.writeUInt32BE(0, 6); // TTL 0: nothing caches a test's answer
  header.writeUInt16BE(rdata.length, 10);
  return Buffer.concat([header, rdata]);
}

function reply(query: Buffer, question: Question, rcode: number, answers: Buffer[]): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(query.readUInt16BE(0), 0);
  // QR and AA set, the query's opcode and RD bit kept.
  header.writeUInt16BE(0x8400 | (query.readUInt16BE(2) & 0x7900) | rcode, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(answers.length, 6);
  return Buffer.concat([header, question.raw, ...answers]);
}

export async function startDnsServer(options: { port?: number; host?: string } = {}): Promise<TestDnsServer> {
  const zone = new Map<string, TestDnsAnswer>();
  const key = (name: string) => name.toLowerCase().replace(/\.$/, "");
  const socket = dgram.createSocket("udp4");
  socket.on("message", (msg, peer) => {
    const question = parseQuestion(msg);
    if (!question) return;
    const answer = zone.get(question.name);
    if (answer === "timeout") return;
    let response: Buffer;
    if (answer === undefined) response = reply(msg, question, RCODE.nameError, []);
    else if (answer === "servfail") response = reply(msg, question, RCODE.serverFailure, []);
    else response = reply(msg, question, RCODE.noError, question.type === TYPE_TXT ? answer.map(txtRecord) : []);
    socket.send(response, peer.port, peer.address);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.bind(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      socket.off("error", reject);
      resolve();
    });
  });
  const { address, port } = socket.address();
  return {
    address: `${address}:${port}`,
    port,
    set: (name, answer) => void zone.set(key(name), answer),
    delete: (name) => void zone.delete(key(name)),
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
