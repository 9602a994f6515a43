// Platform API (seed 002): partner groups and agencies ("admins").
import { z } from "zod";
import {
  AgencyInput,
  AgencyUpdate,
  AgencyView,
  AssignOwnerInput,
  IdParams,
  ListAgenciesQuery,
  PartnerGroupInput,
  PartnerGroupUpdate,
  PartnerGroupView,
  SuspendAgencyInput,
} from "@/lib/agencies/schemas";
import { CreateUserInput, UserView } from "@/lib/users/users";
import { requireAgencyAdmin } from "@/lib/agencies/agencies";
import { requireSuperadmin, requireUser } from "@/lib/context";
import { defineContract } from "../contract";

const base = { surface: "platform" as const };
const groupNotFound = "Partner group not found";
const agencyNotFound = "Admin not found";

export const listPartnerGroups = defineContract({
  auth: requireSuperadmin,
  ...base,
  method: "GET",
  path: "/api/tenants/partner-groups",
  summary: "List partner groups with the number of agencies in each (superadmin)",
  tags: ["Partner groups"],
  response: z.object({ data: z.array(PartnerGroupView) }),
  errors: [401, 403],
});

export const createPartnerGroup = defineContract({
  auth: requireSuperadmin,
  ...base,
  method: "POST",
  path: "/api/tenants/partner-groups",
  summary: "Create a partner group (superadmin)",
  tags: ["Partner groups"],
  body: PartnerGroupInput,
  response: PartnerGroupView,
  successStatus: 201,
  errors: [401, 403, 422],
});

export const updatePartnerGroup = defineContract({
  auth: requireSuperadmin,
  ...base,
  method: "PUT",
  path: "/api/tenants/partner-groups/{id}",
  summary: "Update a partner group; fields left out keep their values (superadmin)",
  tags: ["Partner groups"],
  params: IdParams,
  body: PartnerGroupUpdate,
  response: PartnerGroupView,
  notFound: groupNotFound,
  errors: [401, 403, 404, 422],
});

export const deletePartnerGroup = defineContract({
  auth: requireSuperadmin,
  ...base,
  method: "DELETE",
  path: "/api/tenants/partner-groups/{id}",
  summary: "Delete a partner group that no agency uses (superadmin)",
  tags: ["Partner groups"],
  params: IdParams,
  response: z.object({ message: z.string() }),
  notFound: groupNotFound,
  errors: [401, 403, 404, 409],
});

export const listAgencies = defineContract({
  auth: requireUser,
  ...base,
  method: "GET",
  path: "/api/tenants/admins",
  summary: "List agencies (superadmin: all; an agency admin: its own)",
  tags: ["Agencies"],
  query: ListAgenciesQuery,
  response: z.object({ data: z.array(AgencyView), total: z.number().int(), limit: z.number().int(), offset: z.number().int() }),
  errors: [401, 422],
});

export const createAgency = defineContract({
  auth: requireSuperadmin,
  ...base,
  method: "POST",
  path: "/api/tenants/admins",
  summary: "Create an agency (superadmin)",
  tags: ["Agencies"],
  body: AgencyInput,
  response: AgencyView,
  successStatus: 201,
  errors: [401, 403, 422],
});

export const getAgency = defineContract({
  auth: requireAgencyAdmin,
  ...base,
  method: "GET",
  path: "/api/tenants/admins/{id}",
  summary: "Get an agency (superadmin, or that agency's own admins)",
  tags: ["Agencies"],
  params: IdParams,
  response: AgencyView,
  notFound: agencyNotFound,
  errors: [401, 404],
});

export const updateAgency = defineContract({
  auth: requireSuperadmin,
  ...base,
  method: "PUT",
  path: "/api/tenants/admins/{id}",
  summary: "Update an agency; fields left out keep their values (superadmin)",
  tags: ["Agencies"],
  params: IdParams,
  body: AgencyUpdate,
  response: AgencyView,
  notFound: agencyNotFound,
  errors: [401, 403, 404, 422],
});

export const suspendAgency = defineContract({
  auth: requireSuperadmin,
  ...base,
  method: "POST",
  path: "/api/tenants/admins/{id}/suspend",
  summary: "Suspend an agency with a reason; its organizations keep running (superadmin)",
  tags: ["Agencies"],
  params: IdParams,
  body: SuspendAgencyInput,
  response: AgencyView,
  notFound: agencyNotFound,
  errors: [401, 403, 404, 409, 422],
});

export const reactivateAgency = defineContract({
  auth: requireSuperadmin,
  ...base,
  method: "POST",
  path: "/api/tenants/admins/{id}/reactivate",
  summary: "Reactivate a suspended agency (superadmin)",
  tags: ["Agencies"],
  params: IdParams,
  response: AgencyView,
  notFound: agencyNotFound,
  errors: [401, 403, 404, 409],
});

export const assignAgencyOwner = defineContract({
  auth: requireSuperadmin,
  ...base,
  method: "POST",
  path: "/api/tenants/admins/{id}/assign-owner",
  summary: "Make an existing user the agency's owner (superadmin)",
  tags: ["Agencies"],
  params: IdParams,
  body: AssignOwnerInput,
  response: AgencyView,
  notFound: agencyNotFound,
  errors: [401, 403, 404, 422],
});

export const inviteAgencyOwner = defineContract({
  auth: requireSuperadmin,
  ...base,
  method: "POST",
  path: "/api/tenants/admins/{id}/invite-owner",
  summary: "Create a user and make them the agency's owner in one step (superadmin)",
  description:
    "Without a password, the answer carries a one-time set-password link (valid 72 hours), returned only this once. A taken email is a 422 and nothing is written.",
  tags: ["Agencies"],
  params: IdParams,
  body: CreateUserInput,
  response: z.object({ agency: AgencyView, user: UserView, set_password_url: z.string().nullable() }),
  successStatus: 201,
  notFound: agencyNotFound,
  errors: [401, 403, 404, 422],
});
