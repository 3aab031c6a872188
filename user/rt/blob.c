/* Blob.info for the size, then Blob.read in chunks: a blob that claims
 * more than the caller's buffer, or answers a read with nothing or with
 * more than was asked, is refused rather than trusted. */
#include <string.h>
#include "capos/boot.h"
#include "user/rt/blob.h"
#include "user/rt/rt.h"

static int64_t blob_size(cap_handle_t b)
{
	uint8_t p[64], r[256];
	struct capn_call c;
	struct capn_msg m;
	Blob_info_Results_r res;
	Blob_info_prepare(&c, p, sizeof p);
	capn_call_set_results(&c, r, sizeof r);
	int32_t st = rt_call(b, &c);
	if (Blob_info_results(&m, &c, st, &res))
		return st < 0 ? st : ERR_INVALID;
	uint64_t size = Blob_info_Results_get_size(res);
	return size > INT64_MAX ? ERR_TOO_LARGE : (int64_t)size;
}

/* Bytes [off, off + want) into dst; the count read, or an error. */
static int64_t blob_chunk(cap_handle_t b, uint64_t off, uint32_t want,
			  uint8_t *dst)
{
	static uint8_t r[RT_BLOB_CHUNK + 256];
	uint8_t p[64];
	struct capn_call c;
	struct capn_msg m;
	Blob_read_Results_r res;
	Blob_read_prepare(&c, p, sizeof p, off, want);
	capn_call_set_results(&c, r, sizeof r);
	int32_t st = rt_call(b, &c);
	if (Blob_read_results(&m, &c, st, &res))
		return st < 0 ? st : ERR_INVALID;
	struct capn_data d = Blob_read_Results_get_data(res);
	if (d.len == 0 || d.len > want)
		return ERR_INVALID;
	memcpy(dst, d.ptr, d.len);
	return d.len;
}

int64_t rt_blob_read_all(cap_handle_t blob, void *buf, size_t cap)
{
	int64_t size = blob_size(blob);
	if (size < 0)
		return size;
	if (size == 0 || (uint64_t)size > cap)
		return ERR_TOO_LARGE;
	for (uint64_t off = 0; off < (uint64_t)size;) {
		uint64_t left = (uint64_t)size - off;
		int64_t n = blob_chunk(blob, off, left < RT_BLOB_CHUNK ?
				       (uint32_t)left : RT_BLOB_CHUNK,
				       (uint8_t *)buf + off);
		if (n < 0)
			return n;
		off += (uint64_t)n;
	}
	return size;
}
