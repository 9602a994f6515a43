export * from "./users";
export * from "./agencies";
export * from "./organizations";
export * from "./api-tokens";
export * from "./audit-logs";
export * from "./idempotency-keys";
export * from "./registrations";
export * from "./platform";
