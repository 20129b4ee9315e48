// The user as returned by the auth domain: never the password hash, so it can
// be logged or serialised without thinking twice.
export const PUBLIC_USER_SELECT = {
  id: true,
  email: true,
  name: true,
  createdAt: true,
  updatedAt: true,
} as const;

export interface BuiltinUser {
  id: string;
  email: string;
  name: string | null;
  createdAt: Date;
  updatedAt: Date;
}
