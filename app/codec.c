/* Page codecs (codec.h) over libsnappy, zlib and libzstd. */
#include "codec.h"

#include <snappy-c.h>
#include <stdint.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

static const struct {
    const char *name;
    codec c;
} codecs[] = {{"none", CODEC_NONE}, {"snappy", CODEC_SNAPPY}, {"gzip", CODEC_GZIP}, {"zstd", CODEC_ZSTD}};

int codec_from_name(const char *name, codec *out)
{
    for (size_t i = 0; i < sizeof codecs / sizeof codecs[0]; i++)
        if (strcmp(codecs[i].name, name) == 0) {
            *out = codecs[i].c;
            return 0;
        }
    return -1;
}

const char *codec_name(codec c)
{
    for (size_t i = 0; i < sizeof codecs / sizeof codecs[0]; i++)
        if (codecs[i].c == c) return codecs[i].name;
    return "unknown";
}

static int gzip_run(int inflating, const void *in, size_t n, size_t size, buf *out)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    int rc = inflating ? inflateInit2(&z, 15 + 16)
                       : deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    if (rc != Z_OK) return -1;
    size_t cap = inflating ? size : deflateBound(&z, (uLong)n);
    buf_reserve(out, cap + 1);
    z.next_in = (Bytef *)(uintptr_t)in;
    z.avail_in = (uInt)n;
    z.next_out = (Bytef *)out->data + out->len;
    z.avail_out = (uInt)(cap + 1); /* one spare byte so that a longer stream shows */
    rc = inflating ? inflate(&z, Z_FINISH) : deflate(&z, Z_FINISH);
    size_t produced = z.total_out;
    if (inflating)
        inflateEnd(&z);
    else
        deflateEnd(&z);
    if (rc != Z_STREAM_END || (inflating && (produced != size || z.avail_in != 0))) return -1;
    out->len += produced;
    out->data[out->len] = '\0';
    return 0;
}

int codec_compress(codec c, const void *in, size_t n, buf *out)
{
    switch (c) {
    case CODEC_NONE:
        buf_add(out, in, n);
        return 0;
    case CODEC_SNAPPY: {
        size_t len = snappy_max_compressed_length(n);
        buf_reserve(out, len);
        if (snappy_compress(in, n, out->data + out->len, &len) != SNAPPY_OK) return -1;
        out->len += len;
        out->data[out->len] = '\0';
        return 0;
    }
    case CODEC_GZIP:
        return gzip_run(0, in, n, 0, out);
    case CODEC_ZSTD: {
        size_t cap = ZSTD_compressBound(n);
        buf_reserve(out, cap);
        size_t len = ZSTD_compress(out->data + out->len, cap, in, n, 3);
        if (ZSTD_isError(len)) return -1;
        out->len += len;
        out->data[out->len] = '\0';
        return 0;
    }
    }
    return -1;
}

int codec_decompress(codec c, const void *in, size_t n, size_t size, buf *out)
{
    buf_reserve(out, size);
    switch (c) {
    case CODEC_NONE:
        if (n != size) return -1;
        buf_add(out, in, n);
        return 0;
    case CODEC_SNAPPY: {
        size_t len;
        if (snappy_uncompressed_length(in, n, &len) != SNAPPY_OK || len != size) return -1;
        if (snappy_uncompress(in, n, out->data + out->len, &len) != SNAPPY_OK || len != size) return -1;
        break;
    }
    case CODEC_GZIP:
        return gzip_run(1, in, n, size, out);
    case CODEC_ZSTD: {
        size_t len = ZSTD_decompress(out->data + out->len, size, in, n);
        if (ZSTD_isError(len) || len != size) return -1;
        break;
    }
    default:
        return -1;
    }
    out->len += size;
    out->data[out->len] = '\0';
    return 0;
}
