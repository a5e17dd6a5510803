/**
 * A tiny authoritative DNS server on 127.0.0.1 for tests (unit, integration and e2e):
 * answers TXT queries from an in-memory table over UDP, so domain verification runs
 * through node's real resolver (createTxtResolver) against a real socket.
 * dns-packet does the RFC 1035 wire format; we only decide the answers.
 */
import { createSocket, type RemoteInfo } from "node:dgram";
import dnsPacket from "dns-packet";

export type TxtValue = string | string[];

export interface TestDnsServer {
  port: number;
  /**
   * Serve these TXT records at `name` (an empty list: the name exists with no TXT, NODATA).
   * A string is one record (split into 255-octet character-strings when longer); a string
   * array is one record made of exactly those character-strings.
   */
  setTxt(name: string, values: TxtValue[]): void;
  /** Forget `name`: queries get NXDOMAIN. */
  remove(name: string): void;
  close(): Promise<void>;
}

const RCODE_NXDOMAIN = 3;
const key = (name: string) => name.toLowerCase().replace(/\.$/, "");

/** A TXT character-string holds at most 255 octets (RFC 1035 §3.3); split longer values. */
function chunks(value: TxtValue): Buffer[] {
  if (Array.isArray(value)) return value.map((part) => Buffer.from(part, "utf8"));
  const bytes = Buffer.from(value, "utf8");
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += 255) out.push(bytes.subarray(i, i + 255));
  return out.length > 0 ? out : [Buffer.alloc(0)];
}

export async function startTestDnsServer(records: Map<string, TxtValue[]> = new Map()): Promise<TestDnsServer> {
  const table = new Map<string, TxtValue[]>();
  for (const [name, values] of records) table.set(key(name), [...values]);

  const socket = createSocket("udp4");
  socket.on("message", (message: Buffer, remote: RemoteInfo) => {
    let query: dnsPacket.Packet;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return; // not DNS: drop it, as a real server would
    }
    const question = query.questions?.[0];
    if (!question) return;
    const values = table.get(key(question.name));
    const answers: dnsPacket.Answer[] =
      values && question.type === "TXT"
        ? values.map((value) => ({ type: "TXT", class: "IN", name: question.name, ttl: 0, data: chunks(value) }))
        : [];
    const response = dnsPacket.encode({
      type: "response",
      id: query.id,
      flags:
        dnsPacket.AUTHORITATIVE_ANSWER |
        ((query.flags ?? 0) & dnsPacket.RECURSION_DESIRED) |
        (values ? 0 : RCODE_NXDOMAIN),
      questions: [question],
      answers,
    });
    socket.send(response, remote.port, remote.address);
  });

  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.bind(0, "127.0.0.1", () => {
      socket.off("error", reject);
      resolve();
    });
  });

  return {
    port: socket.address().port,
    setTxt: (name, values) => void table.set(key(name), [...values]),
    remove: (name) => void table.delete(key(name)),
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
