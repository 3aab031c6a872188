/* Tab completion (see complete.h). */
#include <stdbool.h>
#include <string.h>
#include "user/capos-shell/complete.h"

enum complete_ctx {
	CTX_NONE,
	CTX_COMMAND,
	CTX_BIN_QUOTED,	/* run "he| */
	CTX_BIN_BARE,	/* run he|  (quoted when completed) */
	CTX_CAP,	/* @ti| */
};

static bool complete_is_space(char c)
{
	return c == ' ' || c == '\t';
}

static bool complete_is_break(char c)
{
	return complete_is_space(c) || c == '"' || c == '{' || c == '}' ||
	       c == ',' || c == ':';
}

static bool complete_is_verb(const char *s, uint32_t n)
{
	return (n == 3 && !memcmp(s, "run", 3)) ||
	       (n == 5 && !memcmp(s, "spawn", 5));
}

/* Is the word at ws the binary of a run/spawn? */
static enum complete_ctx complete_binary_ctx(const char *line, uint32_t first,
					     uint32_t ws)
{
	uint32_t b = ws;
	bool quoted = b > 0 && line[b - 1] == '"';
	if (quoted)
		b--;
	while (b > first && complete_is_space(line[b - 1]))
		b--;
	if (!quoted && b == ws)
		return CTX_NONE;	/* "runx": not a separate word */
	if (!complete_is_verb(line + first, b - first))
		return CTX_NONE;
	return quoted ? CTX_BIN_QUOTED : CTX_BIN_BARE;
}

static enum complete_ctx complete_context(const char *line, uint32_t cursor,
					  uint32_t *ws_out)
{
	uint32_t ws = cursor, first = 0;
	while (ws > 0 && !complete_is_break(line[ws - 1]))
		ws--;
	*ws_out = ws;
	if (ws < cursor && line[ws] == '@')
		return CTX_CAP;
	while (first < cursor && complete_is_space(line[first]))
		first++;
	if (ws == first)
		return CTX_COMMAND;
	return complete_binary_ctx(line, first, ws);
}

/* Add name to the sorted, duplicate-free match list. */
static void complete_add(struct completion *out, const char *name)
{
	uint32_t i = 0;
	while (i < out->nmatch && strcmp(out->match[i], name) < 0)
		i++;
	if ((i < out->nmatch && !strcmp(out->match[i], name)) ||
	    out->nmatch == COMPLETE_LIST_MAX)
		return;
	memmove(&out->match[i + 1], &out->match[i],
		(out->nmatch - i) * sizeof(out->match[0]));
	out->match[i] = name;
	out->nmatch++;
}

static void complete_collect(const struct complete_names *names,
			     const char *prefix, size_t plen,
			     struct completion *out)
{
	for (size_t i = 0; i < names->count; i++)
		if (names->name[i] && strlen(names->name[i]) >= plen &&
		    !memcmp(names->name[i], prefix, plen))
			complete_add(out, names->name[i]);
}

static uint32_t complete_common(const struct completion *out)
{
	uint32_t n = (uint32_t)strlen(out->match[0]);
	for (uint32_t i = 1; i < out->nmatch; i++) {
		uint32_t k = 0;
		while (k < n && out->match[i][k] == out->match[0][k])
			k++;
		n = k;
	}
	return n;
}

/* What goes around the completed word. */
struct complete_edit {
	const char *pre, *word, *suf;
	uint32_t nword;
	uint32_t skip;	/* bytes after the cursor to step over (a quote) */
};

static void complete_edit_for(enum complete_ctx ctx, const char *line,
			      uint32_t len, uint32_t cursor,
			      const struct completion *out,
			      struct complete_edit *e)
{
	bool one = out->nmatch == 1;
	char next = cursor < len ? line[cursor] : '\0';
	*e = (struct complete_edit){ "", out->match[0], "",
				     one ? (uint32_t)strlen(out->match[0])
					 : complete_common(out), 0 };
	if (ctx == CTX_CAP)
		e->pre = "@";
	if (!one)
		return;
	if (ctx == CTX_COMMAND && !complete_is_space(next))
		e->suf = " ";
	if (ctx == CTX_BIN_BARE)
		e->pre = "\"", e->suf = "\" ";
	if (ctx == CTX_BIN_QUOTED && next == '"')
		e->skip = 1;
	else if (ctx == CTX_BIN_QUOTED)
		e->suf = "\" ";
}

/* line[0..ws) pre word suf line[cursor..len), if it fits. */
static void complete_splice(const char *line, uint32_t len, uint32_t cursor,
			    uint32_t ws, const struct complete_edit *e,
			    struct completion *out)
{
	size_t np = strlen(e->pre), ns = strlen(e->suf);
	size_t total = ws + np + e->nword + ns + (len - cursor);
	if (total > SHELL_LINE_MAX)
		return;
	char *o = out->line;
	memcpy(o, line, ws);
	memcpy(o + ws, e->pre, np);
	memcpy(o + ws + np, e->word, e->nword);
	memcpy(o + ws + np + e->nword, e->suf, ns);
	out->cursor = (uint32_t)(ws + np + e->nword + ns + e->skip);
	memcpy(o + ws + np + e->nword + ns, line + cursor, len - cursor);
	out->len = (uint32_t)total;
	o[total] = '\0';
}

void complete_line(const char *line, uint32_t len, uint32_t cursor,
		   const struct complete_sources *src, struct completion *out)
{
	uint32_t ws;
	out->nmatch = 0;
	if (len > SHELL_LINE_MAX)
		len = SHELL_LINE_MAX;
	if (cursor > len)
		cursor = len;
	memcpy(out->line, line, len);
	out->line[len] = '\0';
	out->len = len;
	out->cursor = cursor;
	enum complete_ctx ctx = complete_context(line, cursor, &ws);
	const char *prefix = line + ws + (ctx == CTX_CAP);
	size_t plen = cursor - ws - (ctx == CTX_CAP);
	switch (ctx) {
	case CTX_NONE: return;
	case CTX_COMMAND: complete_collect(&src->cmds, prefix, plen, out); break;
	case CTX_BIN_QUOTED:
	case CTX_BIN_BARE: complete_collect(&src->bins, prefix, plen, out); break;
	case CTX_CAP: complete_collect(&src->caps, prefix, plen, out); break;
	}
	if (out->nmatch) {
		struct complete_edit e;
		complete_edit_for(ctx, line, len, cursor, out, &e);
		complete_splice(line, len, cursor, ws, &e, out);
	}
}
