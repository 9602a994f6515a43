// The HTTP server in front of Next: records the connection's client ip (TRUST_PROXY) and a request id
// on every request before Next sees it. Next alone cannot tell a forged X-Forwarded-For from a real one.
import http from "node:http";
import next from "next";
import { CLIENT_IP_HEADER, REQUEST_ID_HEADER, clientIpFrom, requestIdFrom } from "@/lib/api/request-meta";
import { authSecret, config } from "@/lib/config";
import { stopBackgroundJobs } from "@/lib/jobs/shutdown";

export async function startServer(options: { dev: boolean }): Promise<http.Server> {
  const { PORT } = config();
  // next-auth: sign its cookies with our secret, and build its URLs from the request's host
  // (the console is served on several hosts: agencies' console domains).
  process.env.NEXTAUTH_SECRET ??= authSecret();
  process.env.AUTH_TRUST_HOST ??= "true";

  const app = next({ dev: options.dev, dir: process.cwd(), port: PORT });
  const handle = app.getRequestHandler();
  await app.prepare();

  const server = http.createServer((req, res) => {
    const forwardedFor = req.headers["x-forwarded-for"];
    const ip = clientIpFrom(req.socket.remoteAddress, Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor);
    if (ip) req.headers[CLIENT_IP_HEADER] = ip;
    else delete req.headers[CLIENT_IP_HEADER];
    const incoming = req.headers[REQUEST_ID_HEADER];
    const requestId = requestIdFrom(Array.isArray(incoming) ? incoming[0] : incoming);
    req.headers[REQUEST_ID_HEADER] = requestId;
    res.setHeader(REQUEST_ID_HEADER, requestId);
    void handle(req, res);
  });
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(PORT, () => resolve());
  });

  // A terminal's Ctrl-C reaches this process twice under `npm start` (from the terminal, and forwarded by
  // the parent process): the second must not cut the drain short.
  let shuttingDown = false;
  const shutdown = () => {
    if (shuttingDown) return;
    shuttingDown = true;
    // The job workers stop taking jobs and finish the one in hand while the HTTP server drains; a job
    // cut short by the forced exit is retried once it expires.
    const jobsStopped = stopBackgroundJobs().catch((err) => console.error("stopping the background jobs failed", err));
    server.close(() => void jobsStopped.finally(() => process.exit(0)));
    setTimeout(() => process.exit(0), 8000).unref();
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
  return server;
}
