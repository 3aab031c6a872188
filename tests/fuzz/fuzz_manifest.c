/* libFuzzer target for the boot manifest validator (lib/manifest): any
 * bytes as manifest.bin. Reports must be well-formed strings, a clean
 * manifest must yield a start order covering every service, and nothing may
 * read out of bounds or run unbounded. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "lib/manifest/manifest.h"

static volatile size_t sink;

static void report(void *ctx, const char *where, const char *why)
{
	sink += strlen(where) + strlen(why);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct capn_msg m;
	struct manifest_check c = { .report = report };
	int e = manifest_validate(&m, data, size, &c);
	if ((e == 0) != (c.problems == 0))
		__builtin_trap();
	if (e == 0) {
		SystemManifest_r root = { capn_msg_root(&m) };
		uint32_t n = Service_list_len(SystemManifest_get_services(root));
		uint64_t seen = 0;
		if (c.nservices != n)
			__builtin_trap();
		for (uint32_t i = 0; i < n; i++)
			seen |= 1ull << c.order[i];
		if (n && seen != (n == 64 ? ~0ull : (1ull << n) - 1))
			__builtin_trap();
	} else if (strlen(c.first) == 0) {
		__builtin_trap();
	}
	return 0;
}
