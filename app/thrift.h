/* The Thrift compact protocol (thrift/doc/specs/thrift-compact-protocol.md), the encoding of Parquet's
 * footer and page headers: a writer into a buf, and a reader over bytes that never reads past them. */
#ifndef ETL_APP_THRIFT_H
#define ETL_APP_THRIFT_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

/* The compact protocol's type codes (booleans carry their value in the type). */
/* clang-format off */
enum thrift_type {
    THRIFT_STOP = 0, THRIFT_TRUE = 1, THRIFT_FALSE = 2, THRIFT_BYTE = 3, THRIFT_I16 = 4, THRIFT_I32 = 5,
    THRIFT_I64 = 6, THRIFT_DOUBLE = 7, THRIFT_BINARY = 8, THRIFT_LIST = 9, THRIFT_SET = 10, THRIFT_MAP = 11,
    THRIFT_STRUCT = 12,
};
/* clang-format on */

#define THRIFT_MAX_DEPTH 32

/* Field ids are delta-encoded against the previous field of the same struct, hence the stack. */
typedef struct thrift_writer {
    buf *out;
    int16_t last[THRIFT_MAX_DEPTH];
    int depth;
} thrift_writer;

void thrift_write_init(thrift_writer *w, buf *out);
void thrift_field(thrift_writer *w, int type, int16_t id); /* a field header */
void thrift_field_i32(thrift_writer *w, int16_t id, int32_t v);
void thrift_field_i64(thrift_writer *w, int16_t id, int64_t v);
void thrift_field_binary(thrift_writer *w, int16_t id, const void *p, size_t n);
void thrift_field_bool(thrift_writer *w, int16_t id, int v);
void thrift_list(thrift_writer *w, int elem_type, size_t count); /* a list header */
void thrift_i32(thrift_writer *w, int32_t v);                    /* a list element */
void thrift_binary(thrift_writer *w, const void *p, size_t n);   /* a list element */
void thrift_struct_begin(thrift_writer *w);                      /* after its field or list header */
void thrift_struct_end(thrift_writer *w);                        /* writes the stop byte */

/* Reader: every function returns 0, or -1 when the bytes end early or break the protocol. */
typedef struct thrift_reader {
    const unsigned char *p, *end;
    int16_t last[THRIFT_MAX_DEPTH];
    int depth;
} thrift_reader;

void thrift_read_init(thrift_reader *r, const void *p, size_t n);
int thrift_read_struct_begin(thrift_reader *r);
int thrift_read_struct_end(thrift_reader *r);
/* The next field's header: *type THRIFT_STOP at the struct's end. Booleans carry their value in *type. */
int thrift_read_field(thrift_reader *r, int *type, int16_t *id);
int thrift_read_list(thrift_reader *r, int *elem_type, size_t *count);
int thrift_read_i64(thrift_reader *r, int64_t *v); /* i16, i32, i64 (zigzag varints) */
int thrift_read_i32(thrift_reader *r, int32_t *v);
int thrift_read_binary(thrift_reader *r, const unsigned char **p, size_t *n);
int thrift_skip(thrift_reader *r, int type);

#endif
