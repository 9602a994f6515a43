// The one lookup of a user by email. Emails are unique regardless of case (users_email_lower_key on
// lower(email)): both sides go through PostgreSQL's lower(), so the lookup matches what the index
// holds unique and is answered from it.
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users, type User } from "@/db/schema";

/** What a form says of an email that names an existing user, wherever a new user would take it. */
export const EMAIL_TAKEN = "The email has already been taken.";

export async function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
  const [user] = await db
    .select()
    .from(users)
    .where(eq(sql`lower(${users.email})`, sql`lower(${email.trim()})`))
    .limit(1);
  return user;
}
