// The platform API (seed 002) under /api/tenants/**: Laravel-style `{message}` and 422 `{message, errors}`.
import { z } from "zod";
import { AddMemberInput, MemberView } from "@/lib/organizations/members";
import { PluginView } from "@/lib/plugins/plugins";
import {
  CreateOrganizationInput,
  CreditLimitInput,
  LimitsInput,
  ListOrganizationsQuery,
  OrganizationView,
  OrgIdParams,
  SetStatusInput,
  UpdateOrganizationInput,
} from "@/lib/organizations/schemas";
import {
  ApproveInput,
  ListRegistrationsQuery,
  RegisterInput,
  RegistrationIdParams,
  RegistrationView,
  RejectInput,
} from "@/lib/registrations/schemas";
import { SettingsView, UpdateSettingsInput } from "@/lib/settings/settings";
import { requireSuperadmin, requireUser } from "@/lib/context";
import { requireOrganizationCreator, requireOrganizationManager } from "@/lib/organizations/guards";
import { defineContract } from "../contract";

const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });

const base = { surface: "platform" as const };
const registrationNotFound = "Registration request not found";
const tenantNotFound = "Tenant not found";

export const register = defineContract({
  ...base,
  auth: "public",
  method: "POST",
  path: "/api/tenants/register",
  summary: "Submit an organization registration request",
  description: "Public. Rate limited per client ip. With auto-approval on, the organization is provisioned at once.",
  tags: ["Registrations"],
  body: RegisterInput,
  response: z.object({ id: z.number().int(), status: z.string(), message: z.string() }),
  successStatus: 201,
  errors: [422, 429],
});

export const listRequests = defineContract({
  auth: requireSuperadmin,
  ...base,
  method: "GET",
  path: "/api/tenants/requests",
  summary: "List registration requests, newest first (superadmin)",
  tags: ["Registrations"],
  query: ListRegistrationsQuery,
  response: pageOf(RegistrationView),
  errors: [401, 403, 422],
});

export const getRequest = defineContract({
  auth: requireSuperadmin,
  ...base,
  method: "GET",
  path: "/api/tenants/requests/{request_id}",
  summary: "Get a registration request (superadmin)",
  tags: ["Registrations"],
  params: RegistrationIdParams,
  response: RegistrationView,
  notFound: registrationNotFound,
  errors: [401, 403, 404],
});

export const approveRequest = defineContract({
  auth: requireSuperadmin,
  ...base,
  method: "POST",
  path: "/api/tenants/requests/{request_id}/approve",
  summary: "Approve a pending registration, optionally overriding name, slug and limits (superadmin)",
  tags: ["Registrations"],
  params: RegistrationIdParams,
  body: ApproveInput,
  response: RegistrationView,
  notFound: registrationNotFound,
  errors: [401, 403, 404, 409, 422],
});

export const rejectRequest = defineContract({
  auth: requireSuperadmin,
  ...base,
  method: "POST",
  path: "/api/tenants/requests/{request_id}/reject",
  summary: "Reject a registration with a reason (superadmin)",
  tags: ["Registrations"],
  params: RegistrationIdParams,
  body: RejectInput,
  response: RegistrationView,
  notFound: registrationNotFound,
  errors: [401, 403, 404, 409, 422],
});

export const provisionRequest = defineContract({
  auth: requireSuperadmin,
  ...base,
  method: "POST",
  path: "/api/tenants/requests/{request_id}/provision",
  summary: "Provision an approved registration: owner user, organization, membership (superadmin)",
  description: "Idempotent: provisioning an active request returns the organization it created.",
  tags: ["Registrations"],
  params: RegistrationIdParams,
  response: RegistrationView.extend({ organization: OrganizationView }),
  notFound: registrationNotFound,
  errors: [401, 403, 404, 409, 422],
});

export const getSettings = defineContract({
  auth: requireSuperadmin,
  ...base,
  method: "GET",
  path: "/api/tenants/settings",
  summary: "Get the platform settings (superadmin)",
  tags: ["Settings"],
  response: SettingsView,
  errors: [401, 403],
});

export const updateSettings = defineContract({
  auth: requireSuperadmin,
  ...base,
  method: "PUT",
  path: "/api/tenants/settings",
  summary: "Update the platform settings; fields left out keep their values (superadmin)",
  tags: ["Settings"],
  body: UpdateSettingsInput,
  response: SettingsView,
  errors: [401, 403, 422],
});

export const availablePlugins = defineContract({
  auth: requireUser,
  ...base,
  method: "GET",
  path: "/api/tenants/available-plugins",
  summary: "The plugin catalog",
  tags: ["Plugins"],
  response: z.object({ data: z.array(PluginView) }),
  errors: [401],
});

export const organizationPlugins = defineContract({
  auth: requireUser,
  ...base,
  method: "GET",
  path: "/api/tenants/organizations/{org_id}/plugins",
  summary: "The plugins enabled for an organization",
  tags: ["Plugins"],
  params: OrgIdParams,
  response: z.object({ data: z.array(PluginView) }),
  notFound: tenantNotFound,
  errors: [401, 403, 404],
});

export const myOrganizationPlugins = defineContract({
  auth: requireUser,
  ...base,
  method: "GET",
  path: "/api/tenants/my-organization/plugins",
  summary: "The plugins of the signed-in user's organization (a superadmin gets all plugins)",
  tags: ["Plugins"],
  response: z.object({ data: z.array(PluginView) }),
  errors: [401, 403, 404],
});

export const listOrganizations = defineContract({
  auth: requireUser,
  ...base,
  method: "GET",
  path: "/api/tenants/organizations",
  summary: "List organizations visible to the caller, newest first",
  tags: ["Organizations"],
  query: ListOrganizationsQuery,
  response: pageOf(OrganizationView),
  errors: [401, 422],
});

export const createOrganization = defineContract({
  auth: requireOrganizationCreator,
  ...base,
  method: "POST",
  path: "/api/tenants/organizations",
  summary: "Create an organization: a superadmin's belongs to the platform unless admin_id names an agency; an agency admin's to its agency",
  tags: ["Organizations"],
  body: CreateOrganizationInput,
  response: OrganizationView,
  successStatus: 201,
  errors: [401, 403, 409, 422],
});

export const organizationDetail = defineContract({
  auth: requireUser,
  ...base,
  method: "GET",
  path: "/api/tenants/organizations/{org_id}/detail",
  summary: "Get an organization",
  tags: ["Organizations"],
  params: OrgIdParams,
  response: OrganizationView,
  notFound: tenantNotFound,
  errors: [401, 403, 404],
});

export const editOrganization = defineContract({
  auth: requireOrganizationManager,
  ...base,
  method: "PUT",
  path: "/api/tenants/organizations/{org_id}/edit",
  summary: "Update an organization's name, domain, plugins and limits; fields left out keep their values",
  description:
    "A new `custom_domain` is a pending claim that routes only once verified (`POST /api/tenants/organizations/{org_id}/domain/verify`); a domain verified by another owner is a 409.",
  tags: ["Organizations"],
  params: OrgIdParams,
  body: UpdateOrganizationInput,
  response: OrganizationView,
  notFound: tenantNotFound,
  errors: [401, 403, 404, 409, 422],
});

export const setOrganizationStatus = defineContract({
  auth: requireOrganizationManager,
  ...base,
  method: "PUT",
  path: "/api/tenants/organizations/{org_id}/status",
  summary: "Suspend, reactivate or cancel an organization, with an optional reason",
  tags: ["Organizations"],
  params: OrgIdParams,
  body: SetStatusInput,
  response: OrganizationView,
  notFound: tenantNotFound,
  errors: [401, 403, 404, 409, 422],
});

export const setOrganizationLimits = defineContract({
  auth: requireOrganizationManager,
  ...base,
  method: "PUT",
  path: "/api/tenants/organizations/{org_id}/limits",
  summary: "Update an organization's limits (null: unlimited, 0: none allowed)",
  tags: ["Organizations"],
  params: OrgIdParams,
  body: LimitsInput,
  response: OrganizationView,
  notFound: tenantNotFound,
  errors: [401, 403, 404, 422],
});

export const setOrganizationCreditLimit = defineContract({
  auth: requireOrganizationManager,
  ...base,
  method: "PUT",
  path: "/api/tenants/organizations/{org_id}/credit-limit",
  summary: "Set the most credits the organization may consume per calendar month",
  tags: ["Organizations"],
  params: OrgIdParams,
  body: CreditLimitInput,
  response: OrganizationView,
  notFound: tenantNotFound,
  errors: [401, 403, 404, 422],
});

export const addOrganizationMember = defineContract({
  auth: requireSuperadmin,
  ...base,
  method: "POST",
  path: "/api/tenants/organizations/{org_id}/members",
  summary: "Make an existing user the organization's owner or a member (superadmin)",
  description: "Adding a user who is a member already changes their role.",
  tags: ["Organizations"],
  params: OrgIdParams,
  body: AddMemberInput,
  response: MemberView,
  successStatus: 201,
  notFound: tenantNotFound,
  errors: [401, 403, 404, 422],
});
