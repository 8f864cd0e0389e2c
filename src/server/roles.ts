/** `read` sees; `operate` also submits and cancels its own jobs; `admin` is for node actions. */
export const ROLES = ['read', 'operate', 'admin'] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Whether a holder of `held` may do what needs `needed`. */
export function allows(held: Role, needed: Role): boolean {
  return ROLES.indexOf(held) >= ROLES.indexOf(needed);
}

/** Who made a request: a named API token, or the browser that redeemed the login link. */
export interface Principal {
  name: string;
  role: Role;
  via: 'token' | 'session';
}
