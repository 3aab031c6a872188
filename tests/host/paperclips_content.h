/* Shared by the Paperclips host tests: the real content blob that
 * mk/content.mk compiles (content/paperclips.capnp), loaded as the
 * server loads it. PAPERCLIPS_BIN is its path (mk/host.mk). */
#ifndef CAPOS_TESTS_HOST_PAPERCLIPS_CONTENT_H
#define CAPOS_TESTS_HOST_PAPERCLIPS_CONTENT_H
#include <stdio.h>
#include <stdlib.h>
#include "lib/paperclips/paperclips.h"

static struct pc_content pc_real;
static unsigned char pc_blob[1 << 16];
static size_t pc_blob_len;

static void pc_real_load(void)
{
	char why[160];
	FILE *f = fopen(PAPERCLIPS_BIN, "rb");
	if (!f) {
		fprintf(stderr, "cannot open %s\n", PAPERCLIPS_BIN);
		exit(1);
	}
	pc_blob_len = fread(pc_blob, 1, sizeof pc_blob, f);
	fclose(f);
	if (pc_content_load(&pc_real, pc_blob, pc_blob_len, why, sizeof why)) {
		fprintf(stderr, "%s\n", why);
		exit(1);
	}
}

#endif
