// Which generator builds sites: an OpenAI-compatible endpoint when OPENAI_BASE_URL and OPENAI_API_KEY are
// both set, else the built-in offline one.
import { config } from "@/lib/config";
import type { SiteGenerator } from "./generator";
import { offlineGenerator } from "./offline-generator";
import { openAiGenerator } from "./openai-generator";

export function generatorFromConfig(): SiteGenerator {
  const cfg = config();
  if (!cfg.OPENAI_BASE_URL || !cfg.OPENAI_API_KEY) return offlineGenerator;
  return openAiGenerator({
    baseURL: cfg.OPENAI_BASE_URL,
    apiKey: cfg.OPENAI_API_KEY,
    textModel: cfg.WEBSITE_TEXT_MODEL,
    imageModel: cfg.WEBSITE_IMAGE_MODEL,
  });
}
