/* Command-line parsing for the shell (grammar in parse.h).
 *
 * A cursor walks the line once. Nothing is trusted: the length is checked
 * first, control bytes are refused before any token is read, every name
 * and the binary are bounded before they are copied, and the word store
 * cannot overflow (each word's bytes come from the line, and each word but
 * the last is followed by a separator the store does not keep, so the
 * store needs at most len + 1 bytes). */
#include <stdarg.h>
#include <string.h>
#include "lib/fmt/fmt.h"
#include "user/capos-shell/parse.h"

struct pcur {
	const char *s;
	size_t len, pos;
	struct parse_cmd *cmd;
};

static int parse_fail(struct pcur *p, size_t at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Record "syntax: <what> at column N" (or "at end of line"). */
static int parse_fail(struct pcur *p, size_t at, const char *fmt, ...)
{
	struct fmt_buf fb = fmt_buf_init(p->cmd->err, sizeof(p->cmd->err));
	va_list ap;
	fmt_appendf(&fb, "syntax: ");
	va_start(ap, fmt);
	fmt_vappendf(&fb, fmt, ap);
	va_end(ap);
	if (at >= p->len)
		fmt_appendf(&fb, " at end of line");
	else
		fmt_appendf(&fb, " at column %zu", at + 1);
	return -1;
}

static bool parse_is_space(char c)
{
	return c == ' ' || c == '\t';
}

bool parse_is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

static void parse_skip_space(struct pcur *p)
{
	while (p->pos < p->len && parse_is_space(p->s[p->pos]))
		p->pos++;
}

static bool parse_at(const struct pcur *p, char c)
{
	return p->pos < p->len && p->s[p->pos] == c;
}

/* Refuse control bytes up front, so no later step has to think of them. */
static int parse_check_bytes(struct pcur *p)
{
	for (size_t i = 0; i < p->len; i++) {
		unsigned char c = (unsigned char)p->s[i];
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return parse_fail(p, i, "control character 0x%02x", c);
	}
	return 0;
}

/* Length of the run of name characters at the cursor (not consumed). */
static size_t parse_name_span(const struct pcur *p)
{
	size_t n = 0;
	while (p->pos + n < p->len && parse_is_name_char(p->s[p->pos + n]))
		n++;
	return n;
}

/* Read a name into out; `what` says what it names, for errors. */
static int parse_name(struct pcur *p, char *out, const char *what)
{
	size_t n = parse_name_span(p);
	if (n == 0)
		return parse_fail(p, p->pos, "expected %s", what);
	if (n > SHELL_NAME_MAX)
		return parse_fail(p, p->pos, "%s '%.*s...' is longer than %d bytes",
				  what, 16, p->s + p->pos, SHELL_NAME_MAX);
	memcpy(out, p->s + p->pos, n);
	out[n] = '\0';
	p->pos += n;
	return 0;
}

/* One word of a builtin, "quoted parts" included, into the store. */
static int parse_word(struct pcur *p, size_t *used)
{
	char *store = p->cmd->store;
	size_t open = 0;
	bool quoted = false;
	for (; p->pos < p->len; p->pos++) {
		char c = p->s[p->pos];
		if (!quoted && parse_is_space(c))
			break;
		if (c == '"') {
			quoted = !quoted;
			open = p->pos;
			continue;
		}
		store[(*used)++] = c;
	}
	if (quoted)
		return parse_fail(p, open, "unterminated quote");
	store[(*used)++] = '\0';
	return 0;
}

static int parse_words(struct pcur *p)
{
	struct parse_cmd *cmd = p->cmd;
	size_t used = 0;
	cmd->kind = PARSE_WORDS;
	for (parse_skip_space(p); p->pos < p->len; parse_skip_space(p)) {
		if (cmd->argc == SHELL_ARGS_MAX)
			return parse_fail(p, p->pos, "too many words (the "
					  "limit is %d)", SHELL_ARGS_MAX);
		cmd->argv[cmd->argc++] = cmd->store + used;
		if (parse_word(p, &used))
			return -1;
	}
	return 0;
}

static int parse_binary_quoted(struct pcur *p)
{
	size_t open = p->pos++, start = p->pos;
	while (p->pos < p->len && p->s[p->pos] != '"') {
		if (parse_is_space(p->s[p->pos]))
			return parse_fail(p, p->pos, "binary names have no spaces");
		p->pos++;
	}
	if (p->pos == p->len)
		return parse_fail(p, open, "unterminated quote");
	size_t n = p->pos++ - start;
	if (n == 0)
		return parse_fail(p, open, "empty binary name");
	if (n > SHELL_BINARY_MAX)
		return parse_fail(p, start, "binary name longer than %d bytes",
				  SHELL_BINARY_MAX);
	memcpy(p->cmd->binary, p->s + start, n);
	p->cmd->binary[n] = '\0';
	return 0;
}

static int parse_binary(struct pcur *p)
{
	const char *verb = p->cmd->wait ? "run" : "spawn";
	if (p->pos == p->len)
		return parse_fail(p, p->pos, "%s needs a binary, e.g. %s \"hello\"",
				  verb, verb);
	if (parse_at(p, '"'))
		return parse_binary_quoted(p);
	size_t n = parse_name_span(p);
	if (n == 0)
		return parse_fail(p, p->pos, "expected a binary name after '%s'",
				  verb);
	if (n > SHELL_BINARY_MAX)
		return parse_fail(p, p->pos, "binary name longer than %d bytes",
				  SHELL_BINARY_MAX);
	memcpy(p->cmd->binary, p->s + p->pos, n);
	p->cmd->binary[n] = '\0';
	p->pos += n;
	return 0;
}

/* "@name" or "client @name" after "name:". */
static int parse_source(struct pcur *p, struct parse_grant *g)
{
	g->src = PARSE_SRC_CAP;
	if (!parse_at(p, '@')) {
		size_t n = parse_name_span(p);
		if (n != 6 || memcmp(p->s + p->pos, "client", 6))
			return parse_fail(p, p->pos, "expected '@name' or "
					  "'client @name' after '%s:'", g->name);
		p->pos += 6;
		parse_skip_space(p);
		if (!parse_at(p, '@'))
			return parse_fail(p, p->pos,
					  "expected '@name' after 'client'");
		g->src = PARSE_SRC_CLIENT;
	}
	p->pos++;
	if (parse_name(p, g->cap, "a capability name after '@'"))
		return -1;
	if (!strcmp(g->cap, "stdio"))
		g->src = PARSE_SRC_STDIO;
	return 0;
}

static int parse_grant(struct pcur *p)
{
	struct parse_cmd *cmd = p->cmd;
	size_t at = p->pos;
	if (cmd->ngrants == SHELL_GRANTS_MAX)
		return parse_fail(p, at, "too many grants (the limit is %d)",
				  SHELL_GRANTS_MAX);
	struct parse_grant *g = &cmd->grant[cmd->ngrants];
	if (parse_name(p, g->name, "a grant name or '}'"))
		return -1;
	for (int i = 0; i < cmd->ngrants; i++)
		if (!strcmp(cmd->grant[i].name, g->name))
			return parse_fail(p, at, "grant name '%s' given twice",
					  g->name);
	parse_skip_space(p);
	if (!parse_at(p, ':'))
		return parse_fail(p, p->pos, "expected ':' after grant name '%s'",
				  g->name);
	p->pos++;
	parse_skip_space(p);
	if (parse_source(p, g))
		return -1;
	cmd->ngrants++;
	return 0;
}

/* After '{': grants separated by commas (a trailing one allowed), '}'. */
static int parse_grants(struct pcur *p)
{
	for (;;) {
		parse_skip_space(p);
		if (parse_at(p, '}'))
			break;
		if (p->pos == p->len)
			return parse_fail(p, p->pos, "expected '}' after grant list");
		if (parse_grant(p))
			return -1;
		parse_skip_space(p);
		if (parse_at(p, ','))
			p->pos++;
		else if (p->pos == p->len)
			return parse_fail(p, p->pos, "expected '}' after grant list");
		else if (!parse_at(p, '}'))
			return parse_fail(p, p->pos, "expected ',' or '}' after "
					  "grant '%s'",
					  p->cmd->grant[p->cmd->ngrants - 1].name);
	}
	p->pos++;
	return 0;
}

static int parse_with(struct pcur *p)
{
	size_t n = parse_name_span(p);
	if (n != 4 || memcmp(p->s + p->pos, "with", 4)) {
		if (n == 0)
			return parse_fail(p, p->pos, "expected 'with' or end of "
					  "line after the binary");
		return parse_fail(p, p->pos, "expected 'with' or end of line "
				  "after the binary, got '%.*s'",
				  (int)(n > 16 ? 16 : n), p->s + p->pos);
	}
	p->pos += 4;
	parse_skip_space(p);
	if (!parse_at(p, '{'))
		return parse_fail(p, p->pos, "expected '{' after 'with'");
	p->pos++;
	return parse_grants(p);
}

static int parse_launch(struct pcur *p)
{
	p->cmd->kind = PARSE_LAUNCH;
	parse_skip_space(p);
	if (parse_binary(p))
		return -1;
	parse_skip_space(p);
	if (p->pos < p->len && parse_with(p))
		return -1;
	parse_skip_space(p);
	if (p->pos < p->len)
		return parse_fail(p, p->pos, "unexpected text after the grant list");
	return 0;
}

/* The first word, bare and unquoted, decides between launch and words. */
static bool parse_is_verb(const struct pcur *p, const char *verb)
{
	size_t n = strlen(verb), end = p->pos + n;
	return end <= p->len && !memcmp(p->s + p->pos, verb, n) &&
	       (end == p->len || parse_is_space(p->s[end]) || p->s[end] == '"');
}

int parse_line(const char *line, size_t len, struct parse_cmd *out)
{
	struct pcur p = { line, len, 0, out };
	out->kind = PARSE_EMPTY;
	out->argc = out->ngrants = 0;
	out->wait = false;
	out->binary[0] = out->err[0] = '\0';
	if (len > SHELL_LINE_MAX)
		return parse_fail(&p, SHELL_LINE_MAX, "line too long (%zu bytes, "
				  "the limit is %d)", len, SHELL_LINE_MAX);
	if (parse_check_bytes(&p))
		return -1;
	parse_skip_space(&p);
	if (p.pos == len)
		return 0;
	out->wait = parse_is_verb(&p, "run");
	if (out->wait || parse_is_verb(&p, "spawn")) {
		p.pos += out->wait ? 3 : 5;
		return parse_launch(&p);
	}
	return parse_words(&p);
}

int parse_job_number(const char *s)
{
	int n = 0;
	if (*s == '%')
		s++;
	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || n > 99999)
			return -1;
		n = n * 10 + (*s - '0');
	}
	return n >= 1 && n <= 999999 ? n : -1;
}
