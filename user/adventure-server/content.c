/* The world's content: a Blob granted through the manifest (a boot
 * module compiled from content/adventure.capnp). Read whole in chunks,
 * then checked by lib/adventure before anything is served: a damaged or
 * oversized blob stops the service with the reason. */
#include <string.h>
#include "capos/boot.h"
#include "user/adventure-server/server.h"

#define CHUNK 16384

static uint8_t blob[CONTENT_MAX];
struct adv_world world;

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
	return (int64_t)Blob_info_Results_get_size(res);
}

/* Bytes [off, off + want) into blob; the count read, or an error. */
static int64_t blob_chunk(cap_handle_t b, uint64_t off, uint32_t want)
{
	static uint8_t r[CHUNK + 256];
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
	memcpy(blob + off, d.ptr, d.len);
	return d.len;
}

bool content_load(cap_handle_t b)
{
	char why[160];
	int64_t size = blob_size(b);
	if (size <= 0 || size > CONTENT_MAX) {
		rt_printf("adventure content: size %ld (1..%u)\n",
			  (long)size, CONTENT_MAX);
		return false;
	}
	for (uint64_t off = 0; off < (uint64_t)size;) {
		uint64_t left = (uint64_t)size - off;
		int64_t n = blob_chunk(b, off, left < CHUNK ? (uint32_t)left
							    : CHUNK);
		if (n < 0) {
			rt_printf("adventure content: read failed: "
				  "%s\n", capos_strerror((int32_t)n));
			return false;
		}
		off += (uint64_t)n;
	}
	if (adv_world_load(&world, blob, (size_t)size, why, sizeof why)) {
		rt_printf("adventure content refused: %s\n", why);
		return false;
	}
	return true;
}
