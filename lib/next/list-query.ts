// A list page's query from its URL. A query that does not parse (a hand-edited offset, an unknown
// status) shows the list's first page rather than an error.
import type { z } from "zod";

export function listQueryFromUrl<S extends z.ZodType>(schema: S, fromUrl: unknown, firstPage: unknown): z.output<S> {
  const parsed = schema.safeParse(fromUrl);
  return parsed.success ? parsed.data : schema.parse(firstPage);
}
