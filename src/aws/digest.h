/* The hashes SigV4 and S3 need (SHA-256, HMAC-SHA256, MD5) through OpenSSL, hex and base64 text. */
#ifndef ETL_AWS_DIGEST_H
#define ETL_AWS_DIGEST_H

#include <stddef.h>

#include "base/buf.h"

void digest_sha256(const void *data, size_t len, unsigned char out[32]);
void digest_hmac_sha256(const void *key, size_t key_len, const void *data, size_t len, unsigned char out[32]);
void digest_md5(const void *data, size_t len, unsigned char out[16]);
/* Lowercase hex of n bytes into out (2n+1 bytes). */
void digest_hex(const unsigned char *in, size_t n, char *out);
/* Lowercase hex SHA-256 of data: the SigV4 payload hash. */
void digest_sha256_hex(const void *data, size_t len, char out[65]);

/* An incremental SHA-256 and MD5 (for bodies streamed from a file). */
typedef struct digest_ctx digest_ctx;
digest_ctx *digest_new(int md5); /* md5 = 0: SHA-256 */
void digest_update(digest_ctx *c, const void *data, size_t len);
/* Writes the digest (32 or 16 bytes) and frees c. */
void digest_final(digest_ctx *c, unsigned char *out);

/* Standard base64 with padding (RFC 4648 section 4). */
void base64_encode(buf *out, const void *data, size_t len);
/* Appends the decoded bytes; -1 on a character outside the alphabet or bad padding. Ignores nothing:
 * whitespace is an error. */
int base64_decode(buf *out, const char *s, size_t len);
/* Appends the bytes of the whole groups of four digits (no padding) that s starts with, as many as
 * there are; returns the characters used (a multiple of 4). For a reader that finds the end of the
 * text as it decodes (GetRecords answers). */
size_t base64_decode_run(buf *out, const char *s, size_t len);

#endif
