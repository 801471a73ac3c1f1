// Small building blocks the contract's schemas share.
import { type SchemaOptions, type TSchema, type TNull, type TUnion, Type } from '@sinclair/typebox';

export const StringList = Type.Array(Type.String());

/** `T` or null: a field that is always there and says "none" as null. */
export function Nullable<T extends TSchema>(schema: T, options?: SchemaOptions): TUnion<[T, TNull]> {
  return Type.Union([schema, Type.Null()], options);
}
