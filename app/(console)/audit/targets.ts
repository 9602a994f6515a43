// Where an audit row's target lives in the console, when it has a page.
export const TARGET_TYPES = ["organization", "agency", "registration_request", "user", "partner_group", "api_token", "platform_settings"] as const;

export function targetHref(type: string | null, id: string | null): string | null {
  if (!type || !id) return null;
  switch (type) {
    case "organization":
      return `/organizations/${id}`;
    case "agency":
      return `/agencies/${id}`;
    case "registration_request":
      return `/registrations/${id}`;
    case "user":
      return "/users";
    case "partner_group":
      return "/partner-groups";
    case "api_token":
      return "/tokens";
    case "platform_settings":
      return "/settings";
    default:
      return null;
  }
}
