import { cache } from "react";
import { pageContext } from "@/lib/next/session";
import { countRegistrationsByStatus } from "@/lib/registrations/queries";

/** Registration counts once per render: the navigation's badge and the Registrations tabs share them. */
export const registrationCounts = cache(async () => countRegistrationsByStatus(await pageContext()));
