/* Kernel command line: space-separated words, each `key` or `key=value`.
 * Lookups return the value as a (pointer, length) view into the original
 * string; nothing is copied or modified. */
#ifndef CAPOS_LIB_CMDLINE_H
#define CAPOS_LIB_CMDLINE_H
#include <stdbool.h>
#include <stddef.h>

struct cmdline_value {
	const char *s;
	size_t len;
};

/* True if `key` appears (with or without a value); *out gets the value,
 * empty when there is none. The last occurrence wins. */
bool cmdline_get(const char *cmdline, const char *key,
		 struct cmdline_value *out);
bool cmdline_value_eq(struct cmdline_value v, const char *s);
/* Does the value start with `prefix`? On success *rest is what follows. */
bool cmdline_value_prefix(struct cmdline_value v, const char *prefix,
			  struct cmdline_value *rest);

#endif
