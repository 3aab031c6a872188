/* manifest-check: run the boot manifest validator (lib/manifest, the code
 * init runs at boot) over a compiled manifest at build time.
 *
 *   manifest-check [--file SOURCE] [-v] MANIFEST.bin
 *
 * Prints each problem as "SOURCE: where: why" on stderr and exits 1 if
 * there is any; -v prints the service start order of a good manifest. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lib/manifest/manifest.h"

static void report(void *ctx, const char *where, const char *why)
{
	fprintf(stderr, "%s: %s: %s\n", (const char *)ctx, where, why);
}

static void *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap);
	for (size_t got; buf && (got = fread(buf + n, 1, cap - n, f)) > 0;) {
		n += got;
		if (n == cap)
			buf = realloc(buf, cap *= 2);
	}
	fclose(f);
	*len = n;
	return buf;
}

int main(int argc, char **argv)
{
	const char *source = NULL, *path = NULL;
	int verbose = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--file") && i + 1 < argc)
			source = argv[++i];
		else if (!strcmp(argv[i], "-v"))
			verbose = 1;
		else
			path = argv[i];
	}
	if (!path) {
		fprintf(stderr, "usage: manifest-check [--file SOURCE] [-v] "
			"MANIFEST.bin\n");
		return 2;
	}
	size_t len;
	void *buf = slurp(path, &len);
	if (!buf) {
		perror(path);
		return 2;
	}
	struct capn_msg m;
	struct manifest_check c = { .report = report,
				    .ctx = (void *)(source ? source : path) };
	int e = manifest_validate(&m, buf, len, &c);
	if (e) {
		fprintf(stderr, "%s: manifest refused (%u problem%s)\n",
			source ? source : path, c.problems,
			c.problems == 1 ? "" : "s");
		free(buf);
		return 1;
	}
	if (verbose) {
		SystemManifest_r root = { capn_msg_root(&m) };
		Service_list_r sl = SystemManifest_get_services(root);
		printf("%s: ok, %u services; start order:", source ? source : path,
		       c.nservices);
		for (uint32_t i = 0; i < c.nservices; i++)
			printf(" %s", Service_get_name(Service_list_get(
						sl, c.order[i])).str);
		printf("\n");
	}
	free(buf);
	return 0;
}
