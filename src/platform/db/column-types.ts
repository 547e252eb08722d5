import type { ColumnType } from 'kysely';

/** Column helpers shared by every module's table declarations. */

/** Timestamps are read as Date and may be written as Date or ISO string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;

export type Json<T = Record<string, unknown>> = ColumnType<T, T | string, T | string>;

export type JsonDefault<T = Record<string, unknown>> = ColumnType<T, T | string | undefined, T | string>;

/** numeric columns come back from the driver as decimal strings. */
export type Numeric = ColumnType<string, string | number | undefined, string | number>;

export type NullableNumeric = ColumnType<string | null, string | number | null | undefined, string | number | null>;
