/* Blob: the read-only bytes of one boot module. Modules live as long as
 * the kernel, so a Blob capability holds no reference. */
#include <string.h>
#include "capos/boot.h"
#include "kernel/cap/cap_util.h"
#include "kernel/proc/boot.h"

static const struct boot_blob *blob_self(void *self)
{
	return ((struct cap_call *)self)->slot->obj;
}

static int blob_info(void *self, Blob_info_Params_r p, Blob_info_Results_b r)
{
	const struct boot_blob *b = blob_self(self);
	Blob_info_Results_set_size(r, b->size);
	return Blob_info_Results_set_name(r, b->name, strlen(b->name));
}

static int blob_read(void *self, Blob_read_Params_r p, Blob_read_Results_b r)
{
	struct cap_call *c = self;
	const uint8_t *data;
	uint32_t n;
	int err = boot_blob_read(blob_self(self), Blob_read_Params_get_offset(p),
				 Blob_read_Params_get_maxBytes(p), c->results_cap,
				 &data, &n);
	return err ? err : Blob_read_Results_set_data(r, data, n);
}

static const struct Blob_server blob_server = {
	.info = blob_info, .read = blob_read,
};

int blob_invoke(struct cap_call *c)
{
	return CAP_DISPATCH(Blob, &blob_server, c);
}

void blob_cap_release(void *obj)
{
}
