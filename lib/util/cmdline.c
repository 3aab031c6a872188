#include "lib/util/cmdline.h"

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static size_t key_len(const char *w, size_t wlen)
{
	size_t k = 0;
	while (k < wlen && w[k] != '=')
		k++;
	return k;
}

static bool key_matches(const char *w, size_t klen, const char *key)
{
	size_t i = 0;
	for (; i < klen; i++)
		if (key[i] != w[i])
			return false;
	return key[i] == '\0';
}

bool cmdline_get(const char *cmdline, const char *key,
		 struct cmdline_value *out)
{
	bool found = false;
	const char *p = cmdline ? cmdline : "";
	while (*p) {
		while (is_space(*p))
			p++;
		const char *w = p;
		while (*p && !is_space(*p))
			p++;
		size_t wlen = (size_t)(p - w), klen = key_len(w, wlen);
		if (wlen == 0 || !key_matches(w, klen, key))
			continue;
		found = true;
		out->s = klen < wlen ? w + klen + 1 : w + wlen;
		out->len = klen < wlen ? wlen - klen - 1 : 0;
	}
	return found;
}

bool cmdline_value_eq(struct cmdline_value v, const char *s)
{
	size_t i = 0;
	for (; i < v.len; i++)
		if (s[i] != v.s[i])
			return false;
	return s[i] == '\0';
}

bool cmdline_value_prefix(struct cmdline_value v, const char *prefix,
			  struct cmdline_value *rest)
{
	size_t i = 0;
	for (; prefix[i]; i++)
		if (i >= v.len || prefix[i] != v.s[i])
			return false;
	rest->s = v.s + i;
	rest->len = v.len - i;
	return true;
}
