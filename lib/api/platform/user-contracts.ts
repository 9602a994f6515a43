// Platform API: the user directory (superadmin) and the public set-password step of an invitation.
import { z } from "zod";
import { CreateUserInput, ListUsersQuery, SetPasswordInput, UserView } from "@/lib/users/users";
import { requireSuperadmin } from "@/lib/context";
import { defineContract } from "../contract";

export const listUsers = defineContract({
  surface: "platform",
  auth: requireSuperadmin,
  method: "GET",
  path: "/api/tenants/users",
  summary: "Search users by email or name (superadmin)",
  tags: ["Users"],
  query: ListUsersQuery,
  response: z.object({ data: z.array(UserView), total: z.number().int(), limit: z.number().int(), offset: z.number().int() }),
  errors: [401, 403, 422],
});

export const createUser = defineContract({
  surface: "platform",
  auth: requireSuperadmin,
  method: "POST",
  path: "/api/tenants/users",
  summary: "Create a user; without a password, a one-time set-password link is returned (once)",
  tags: ["Users"],
  body: CreateUserInput,
  response: UserView.extend({ set_password_url: z.string().nullable() }),
  successStatus: 201,
  errors: [401, 403, 422],
});

export const setPassword = defineContract({
  surface: "platform",
  auth: "public",
  method: "POST",
  path: "/api/tenants/users/set-password",
  summary: "Set a password through a one-time link",
  tags: ["Users"],
  body: SetPasswordInput,
  response: z.object({ email: z.string(), message: z.string() }),
  errors: [422],
});
