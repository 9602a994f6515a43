// The callers of an authorization matrix, each with a personal API token: anonymous, an organization's
// member, agency A's admin (the organization's agency), agency B's admin and a superadmin.
import type { Db } from "@/db/client";
import type { Agency, NewOrganization, Organization } from "@/db/schema";
import { addAgencyMember, addOrganizationMember, createAgency, createOrganizationRow, createUser } from "./factories";
import { personalTokenFor } from "./route-client";

export const MATRIX_ROLES = ["anonymous", "member", "agencyA", "agencyB", "superadmin"] as const;
export type MatrixRole = (typeof MATRIX_ROLES)[number];

export interface MatrixCallers {
  agencyA: Agency;
  agencyB: Agency;
  /** Agency A's organization, of which `member` is a member. */
  org: Organization;
  /** null for anonymous. */
  tokens: Record<MatrixRole, string | null>;
}

export async function createMatrixCallers(
  db: Db,
  options: { memberRole?: "owner" | "member"; organization?: Partial<NewOrganization> } = {},
): Promise<MatrixCallers> {
  const agencyA = await createAgency(db);
  const agencyB = await createAgency(db);
  const org = await createOrganizationRow(db, { agencyId: agencyA.id, ...options.organization });
  const [member, adminA, adminB, superadmin] = [
    await createUser(db),
    await createUser(db),
    await createUser(db),
    await createUser(db, { isSuperadmin: true }),
  ];
  await addOrganizationMember(db, org.id, member.id, options.memberRole ?? "owner");
  await addAgencyMember(db, agencyA.id, adminA.id);
  await addAgencyMember(db, agencyB.id, adminB.id);
  const tokens: Record<MatrixRole, string | null> = {
    anonymous: null,
    member: await personalTokenFor(db, member),
    agencyA: await personalTokenFor(db, adminA),
    agencyB: await personalTokenFor(db, adminB),
    superadmin: await personalTokenFor(db, superadmin),
  };
  return { agencyA, agencyB, org, tokens };
}
