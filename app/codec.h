/* Parquet page compression (CompressionCodec of parquet.thrift): none, SNAPPY (raw, unframed),
 * GZIP (RFC 1952 members, through zlib) and ZSTD (one frame). */
#ifndef ETL_APP_CODEC_H
#define ETL_APP_CODEC_H

#include <stddef.h>

#include "base/buf.h"

/* The values are parquet.thrift's. */
typedef enum codec {
    CODEC_NONE = 0,
    CODEC_SNAPPY = 1,
    CODEC_GZIP = 2,
    CODEC_ZSTD = 6,
} codec;

/* "snappy", "zstd", "gzip", "none" to a codec: 0, or -1 when the name is none of them. */
int codec_from_name(const char *name, codec *out);
const char *codec_name(codec c);
/* Appends the compressed bytes of in[0..n) to out: 0, or -1 (unknown codec). */
int codec_compress(codec c, const void *in, size_t n, buf *out);
/* Appends exactly `size` decompressed bytes to out: 0, or -1 when the data is damaged or of another size. */
int codec_decompress(codec c, const void *in, size_t n, size_t size, buf *out);

#endif
