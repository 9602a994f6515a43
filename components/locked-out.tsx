/** What a member of a suspended organization, or an admin of a suspended agency, sees instead of it. */
export function LockedOut({ message, title = "Access suspended" }: { message: string; title?: string }) {
  return (
    <div className="mx-auto mt-16 max-w-lg text-center" role="alert">
      <div className="mx-auto flex h-12 w-12 items-center justify-center rounded-full bg-amber-100 text-2xl text-amber-700">!</div>
      <h1 className="mt-4 text-xl font-semibold">{title}</h1>
      <p className="mt-2 text-slate-600">{message}</p>
    </div>
  );
}
