/* The world's content: a Blob granted through the manifest (a boot
 * module compiled from content/adventure.capnp). Read whole in chunks,
 * then checked by lib/adventure before anything is served: a damaged or
 * oversized blob stops the service with the reason. */
#include <string.h>
#include "user/rt/blob.h"
#include "user/adventure-server/server.h"

static uint8_t blob[CONTENT_MAX];
struct adv_world world;

bool content_load(cap_handle_t b)
{
	char why[160];
	int64_t size = rt_blob_read_all(b, blob, sizeof blob);
	if (size < 0) {
		rt_printf("adventure content: cannot read it (at most %u "
			  "bytes): %s\n", CONTENT_MAX,
			  capos_strerror((int32_t)size));
		return false;
	}
	if (adv_world_load(&world, blob, (size_t)size, why, sizeof why)) {
		rt_printf("adventure content refused: %s\n", why);
		return false;
	}
	return true;
}
