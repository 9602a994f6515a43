// The two site generators behind one interface, and the failures a build reports (seed 000's 101-103).
import type { SiteBrief } from "./content";
import type { FailureCode } from "./steps";

export interface GeneratedImage {
  contentType: string;
  data: Buffer;
}

export interface SiteGenerator {
  name: "offline" | "openai";
  /** The site's text: whatever the generator answered, checked against SiteContent by the build. */
  text(brief: SiteBrief, prompt: string): Promise<unknown>;
  image(brief: SiteBrief, prompt: string): Promise<GeneratedImage>;
}

/** A build that cannot go on, with the code it ends on and words an operator can act on. */
export class BuildFailure extends Error {
  constructor(
    readonly code: FailureCode,
    message: string,
  ) {
    super(message);
  }
}
