/* BootPackage: read-only access to what was booted, for init: the
 * manifest in chunks, the module names, and a Blob per module. */
#include <string.h>
#include "capos/boot.h"
#include "kernel/cap/cap_util.h"
#include "kernel/proc/boot.h"

static int bootpkg_manifest_size(void *self, BootPackage_manifestSize_Params_r p,
				 BootPackage_manifestSize_Results_b r)
{
	const struct boot_blob *m = boot_blob_find("manifest");
	BootPackage_manifestSize_Results_set_size(r, m ? m->size : 0);
	return 0;
}

/* The chunk [offset, offset + max) of a blob, clipped to its end and to
 * what the caller's result buffer can hold. */
int boot_blob_read(const struct boot_blob *b, uint64_t offset, uint32_t max,
		   uint32_t room, const uint8_t **out, uint32_t *n)
{
	if (offset > b->size)
		return ERR_INVALID;
	uint64_t left = b->size - offset;
	uint32_t want = max > Blob_maxRead ? Blob_maxRead : max;
	uint32_t fit = room > 64 ? room - 64 : 0;	/* message framing */
	*n = (uint32_t)(left < want ? left : want);
	if (*n > fit)
		*n = fit;
	*out = b->data + offset;
	return 0;
}

static int bootpkg_read_manifest(void *self, BootPackage_readManifest_Params_r p,
				 BootPackage_readManifest_Results_b r)
{
	struct cap_call *c = self;
	const struct boot_blob *m = boot_blob_find("manifest");
	const uint8_t *data;
	uint32_t n;
	if (!m)
		return ERR_NOT_FOUND;
	int err = boot_blob_read(m, BootPackage_readManifest_Params_get_offset(p),
				 BootPackage_readManifest_Params_get_maxBytes(p),
				 c->results_cap, &data, &n);
	return err ? err : BootPackage_readManifest_Results_set_data(r, data, n);
}

static int bootpkg_modules(void *self, BootPackage_modules_Params_r p,
			   BootPackage_modules_Results_b r)
{
	uint32_t n = boot_blob_count();
	struct capn_list_b names = BootPackage_modules_Results_init_names(r, n);
	for (uint32_t i = 0; i < n; i++) {
		const char *name = boot_blob_at(i)->name;
		capn_lb_text(&names, i, name, strlen(name));
	}
	return 0;
}

static int bootpkg_blob(void *self, BootPackage_blob_Params_r p,
			BootPackage_blob_Results_b r)
{
	struct capn_text name = BootPackage_blob_Params_get_name(p);
	const struct boot_blob *b = boot_blob_find_n(name.str, name.len);
	uint32_t idx;
	if (!b)
		return ERR_NOT_FOUND;
	int err = cap_call_return_cap(self, CAP_BLOB, Blob_IFACE_ID, (void *)b, 0,
				      &idx);
	if (!err)
		BootPackage_blob_Results_set_blob(r, idx);
	return err;
}

static const struct BootPackage_server bootpkg_server = {
	.manifestSize = bootpkg_manifest_size,
	.readManifest = bootpkg_read_manifest,
	.modules = bootpkg_modules,
	.blob = bootpkg_blob,
};

int bootpkg_invoke(struct cap_call *c)
{
	return CAP_DISPATCH(BootPackage, &bootpkg_server, c);
}
