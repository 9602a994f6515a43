// Seed 000's building_progress: the steps of a website build, its failure codes and the process status
// derived from them. No server imports: the console's Website panel shows the same words.

export const STEPS = {
  queued: 0,
  started: 5,
  prompted: 10,
  imageRequested: 20,
  imageGenerated: 30,
  textRequested: 40,
  textGenerated: 50,
  contentSynced: 60,
  completed: 100,
} as const;

/** 101 the answer does not parse, 102 it parses but is empty, 103 the endpoint or a step kept failing. */
export type FailureCode = 101 | 102 | 103;

const STEP_NAMES: [number, string][] = [
  [STEPS.queued, "Queued"],
  [STEPS.started, "Started"],
  [STEPS.prompted, "Prompted"],
  [STEPS.imageRequested, "Image requested"],
  [STEPS.imageGenerated, "Image generated"],
  [STEPS.textRequested, "Text requested"],
  [STEPS.textGenerated, "Text generated"],
  [STEPS.contentSynced, "Content synced"],
  [STEPS.completed, "Completed"],
];
const FAILURE_NAMES: Record<FailureCode, string> = {
  101: "Failed: the answer did not parse",
  102: "Failed: empty content",
  103: "Failed: the build stopped",
};

/** The step a progress stands at, in an operator's words. */
export function stepName(progress: number): string {
  if (progress > STEPS.completed) return FAILURE_NAMES[progress as FailureCode] ?? "Failed";
  return [...STEP_NAMES].reverse().find(([at]) => progress >= at)?.[1] ?? "Queued";
}

export type ProcessStatus = "pending" | "completed" | "failed";

export function processStatus(progress: number): ProcessStatus {
  if (progress === STEPS.completed) return "completed";
  return progress > STEPS.completed ? "failed" : "pending";
}
