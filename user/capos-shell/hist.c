/* Command history (see hist.h). */
#include <string.h>
#include "user/capos-shell/hist.h"

void hist_init(struct hist *h)
{
	h->count = h->next = 0;
	h->draft_len = 0;
	h->pos = -1;
}

/* The k-th newest entry (0: the newest); k < count. */
static uint32_t hist_slot(const struct hist *h, uint32_t k)
{
	return (h->next + HIST_MAX - 1 - k) % HIST_MAX;
}

static bool hist_is_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return false;
	return true;
}

void hist_add(struct hist *h, const char *s, size_t n)
{
	h->pos = -1;
	if (n > SHELL_LINE_MAX || hist_is_blank(s, n))
		return;
	if (h->count) {
		uint32_t k = hist_slot(h, 0);
		if (h->len[k] == n && !memcmp(h->line[k], s, n))
			return;
	}
	memcpy(h->line[h->next], s, n);
	h->line[h->next][n] = '\0';
	h->len[h->next] = (uint32_t)n;
	h->next = (h->next + 1) % HIST_MAX;
	if (h->count < HIST_MAX)
		h->count++;
}

static void hist_show(const struct hist *h, const char **out, size_t *out_n)
{
	if (h->pos < 0) {
		*out = h->draft;
		*out_n = h->draft_len;
		return;
	}
	uint32_t k = hist_slot(h, (uint32_t)h->pos);
	*out = h->line[k];
	*out_n = h->len[k];
}

bool hist_up(struct hist *h, const char *cur, size_t n, const char **out,
	     size_t *out_n)
{
	if ((uint32_t)(h->pos + 1) >= h->count)
		return false;
	if (h->pos < 0) {
		if (n > SHELL_LINE_MAX)
			n = SHELL_LINE_MAX;
		memcpy(h->draft, cur, n);
		h->draft[n] = '\0';
		h->draft_len = (uint32_t)n;
	}
	h->pos++;
	hist_show(h, out, out_n);
	return true;
}

bool hist_down(struct hist *h, const char **out, size_t *out_n)
{
	if (h->pos < 0)
		return false;
	h->pos--;
	hist_show(h, out, out_n);
	return true;
}

void hist_reset(struct hist *h)
{
	h->pos = -1;
}
