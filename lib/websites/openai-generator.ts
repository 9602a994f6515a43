// The site generator that asks an OpenAI-compatible endpoint (OPENAI_BASE_URL, OPENAI_API_KEY): the
// text as a chat completion whose structured output is SiteContent's JSON schema, the hero image from
// the images API as base64 (stored in the tenant's schema, never linked from the provider). The official
// client's timeouts and retries apply; what still fails after them is a 103.
import OpenAI from "openai";
import { zodResponseFormat } from "openai/helpers/zod";
import { SiteContent } from "./content";
import { BuildFailure, type SiteGenerator } from "./generator";

const SYSTEM = "You write short, friendly starter websites for small organizations. Answer only with the JSON the schema asks for.";

interface OpenAiGeneratorOptions {
  baseURL: string;
  apiKey: string;
  textModel: string;
  imageModel: string;
  /** The client's per-request timeout and retries (its defaults: 10 minutes, 2 retries). */
  timeoutMs?: number;
  maxRetries?: number;
}

function providerFailure(what: string, error: unknown): BuildFailure {
  const detail =
    error instanceof OpenAI.APIError ? `${error.status ?? "no answer"}: ${error.message}` : error instanceof Error ? error.message : String(error);
  return new BuildFailure(
    103,
    `The ${what} endpoint kept failing after retries (${detail}). Check OPENAI_BASE_URL, the API key and the model, then rebuild.`,
  );
}

export function openAiGenerator(options: OpenAiGeneratorOptions): SiteGenerator {
  const client = new OpenAI({
    baseURL: options.baseURL,
    apiKey: options.apiKey,
    timeout: options.timeoutMs ?? 120_000,
    maxRetries: options.maxRetries ?? 2,
  });
  return {
    name: "openai",
    async text(_brief, prompt) {
      let answer: string | null | undefined;
      try {
        const completion = await client.chat.completions.create({
          model: options.textModel,
          messages: [
            { role: "system", content: SYSTEM },
            { role: "user", content: prompt },
          ],
          response_format: zodResponseFormat(SiteContent, "site_content"),
        });
        answer = completion.choices[0]?.message?.content;
      } catch (error) {
        throw providerFailure("text", error);
      }
      if (!answer) throw new BuildFailure(102, "The text model answered with no content. Rebuild to ask again.");
      try {
        return JSON.parse(answer);
      } catch {
        throw new BuildFailure(101, "The text model's answer was not JSON. Rebuild to ask again.");
      }
    },
    async image(_brief, prompt) {
      let b64: string | undefined;
      try {
        const result = await client.images.generate({ model: options.imageModel, prompt, n: 1, size: "1536x1024", response_format: "b64_json" });
        b64 = result.data?.[0]?.b64_json;
      } catch (error) {
        throw providerFailure("image", error);
      }
      if (!b64) throw new BuildFailure(102, "The image model answered without an image. Rebuild to ask again.");
      return { contentType: "image/png", data: Buffer.from(b64, "base64") };
    },
  };
}
