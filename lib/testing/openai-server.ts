// A loopback stand-in for an OpenAI-compatible endpoint, speaking the real protocol the official client
// uses: POST /v1/chat/completions (answering with whatever the test scripts, checked to carry a
// json_schema response_format) and POST /v1/images/generations (b64_json). It records what it was asked.
import http from "node:http";
import type { AddressInfo } from "node:net";

export type ChatReply = { content: string | null } | { status: number; error: string } | { hold: Promise<void>; content: string };
export type ImageReply = { b64: string } | { status: number; error: string };

export interface OpenAiStandIn {
  baseURL: string;
  chatRequests: Record<string, unknown>[];
  imageRequests: Record<string, unknown>[];
  /** What the next chat completions answer (the last one repeats). */
  replyWith(...replies: ChatReply[]): void;
  imageWith(...replies: ImageReply[]): void;
  close(): Promise<void>;
}

export async function startOpenAiStandIn(): Promise<OpenAiStandIn> {
  let chat: ChatReply[] = [{ content: "{}" }];
  let images: ImageReply[] = [{ b64: Buffer.from("png").toString("base64") }];
  const chatRequests: Record<string, unknown>[] = [];
  const imageRequests: Record<string, unknown>[] = [];
  const next = <T>(queue: T[]) => (queue.length > 1 ? queue.shift()! : queue[0]);

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(payload));
    };
    const failure = (status: number, message: string) => send(status, { error: { message, type: "server_error", code: null } });
    if (req.method === "POST" && req.url === "/v1/chat/completions") {
      chatRequests.push(body);
      const reply = next(chat);
      if ("status" in reply) return failure(reply.status, reply.error);
      if ("hold" in reply) await reply.hold;
      return send(200, {
        id: `chatcmpl-${chatRequests.length}`,
        object: "chat.completion",
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content: reply.content, refusal: null } }],
        usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
      });
    }
    if (req.method === "POST" && req.url === "/v1/images/generations") {
      imageRequests.push(body);
      const reply = next(images);
      if ("status" in reply) return failure(reply.status, reply.error);
      return send(200, { created: Math.floor(Date.now() / 1000), data: [{ b64_json: reply.b64 }] });
    }
    failure(404, `no route ${req.method} ${req.url}`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    chatRequests,
    imageRequests,
    replyWith: (...replies) => void (chat = replies),
    imageWith: (...replies) => void (images = replies),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
