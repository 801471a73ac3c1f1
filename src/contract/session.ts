// Who is signed in, on the wire: the user, the token a sign-in answers, and service tokens.
import { type Static, Type } from '@sinclair/typebox';
import { StringList } from './common.js';

export const UserSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  roles: StringList,
  attributes: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]), {
    description: 'e.g. vendorId for people of a vendor, managerId for whoever approves their reports.',
  }),
  isAdmin: Type.Boolean(),
});
export type User = Static<typeof UserSchema>;

export const SignInRequestSchema = Type.Object({ username: Type.String({ minLength: 1, maxLength: 200 }), password: Type.String({ maxLength: 1000 }) }, { additionalProperties: false });
export type SignInRequest = Static<typeof SignInRequestSchema>;

export const IssuedTokenSchema = Type.Object({ token: Type.String(), expiresAt: Type.String(), user: UserSchema });
export type IssuedToken = Static<typeof IssuedTokenSchema>;

export const HealthSchema = Type.Object({ status: Type.Literal('ok'), name: Type.String(), version: Type.String() });
export type Health = Static<typeof HealthSchema>;

export const ServiceTokenSchema = Type.Object({
  name: Type.String(),
  role: Type.Literal('admin'),
  createdAt: Type.String(),
  createdBy: Type.String(),
  expiresAt: Type.String(),
});
export type ServiceToken = Static<typeof ServiceTokenSchema>;

export const CreatedServiceTokenSchema = Type.Object({ ...ServiceTokenSchema.properties, token: Type.String({ description: 'The secret: shown once, never stored.' }) });
export type CreatedServiceToken = Static<typeof CreatedServiceTokenSchema>;

export const CreateServiceTokenRequestSchema = Type.Object(
  {
    name: Type.String({ maxLength: 100 }),
    role: Type.Optional(Type.Literal('admin')),
    expires: Type.Optional(Type.String({ maxLength: 20, description: 'Lifetime such as 48h, 90d or 12w (default 90d, at most 730d).' })),
  },
  { additionalProperties: false },
);
export type CreateServiceTokenRequest = Static<typeof CreateServiceTokenRequestSchema>;
