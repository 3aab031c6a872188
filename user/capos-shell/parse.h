/* The shell's command language, parsed without touching anything else:
 * pure functions over a line of bytes (host-tested in
 * tests/host/test_shell_parse.c).
 *
 *   line    := ws* [ launch | words ] ws*
 *   launch  := ("run" | "spawn") ws* binary [ws* "with" ws* "{" grants "}"]
 *   binary  := '"' byte+ '"' | namechar+
 *   grants  := ws* [grant (ws* "," ws* grant)* [ws* ","]] ws*
 *   grant   := name ws* ":" ws* source
 *   source  := "@" name | "client" ws* "@" name
 *   words   := word (ws+ word)*    (a word may hold "quoted parts")
 *
 * Names are [A-Za-z0-9_.-], at most SHELL_NAME_MAX bytes. `@stdio` (and
 * `client @stdio`) is the shell's own StdIO bridge for the child, never a
 * capability of that name. Every error is one line starting "syntax: "
 * that says what was expected and at which column (1-based). */
#ifndef CAPOS_SHELL_PARSE_H
#define CAPOS_SHELL_PARSE_H
#include <stdbool.h>
#include <stddef.h>
#include "user/capos-shell/shell_limits.h"

enum parse_kind {
	PARSE_EMPTY,	/* nothing but blanks */
	PARSE_WORDS,	/* a builtin: argv[0] is its name */
	PARSE_LAUNCH,	/* run or spawn */
};

enum parse_src {
	PARSE_SRC_CAP,		/* @name: a copy of the shell's capability */
	PARSE_SRC_CLIENT,	/* client @name: a client facet of an endpoint */
	PARSE_SRC_STDIO,	/* @stdio: a fresh StdIO served by the shell */
};

struct parse_grant {
	char name[SHELL_NAME_MAX + 1];	/* the name in the child's CapSet */
	enum parse_src src;
	char cap[SHELL_NAME_MAX + 1];	/* the shell's capability */
};

struct parse_cmd {
	enum parse_kind kind;
	int argc;
	const char *argv[SHELL_ARGS_MAX];	/* into store */
	bool wait;				/* run (true) or spawn */
	char binary[SHELL_BINARY_MAX + 1];
	int ngrants;
	struct parse_grant grant[SHELL_GRANTS_MAX];
	char store[SHELL_LINE_MAX + 1];		/* the words, NUL-terminated */
	char err[SHELL_ERR_MAX];		/* after a -1 */
};

/* Parse line[0..len) (need not be NUL-terminated; any bytes). Returns 0,
 * or -1 with the message in out->err. */
int parse_line(const char *line, size_t len, struct parse_cmd *out);

/* A job number as typed ("3" or "%3"): 1..999999, else -1. */
int parse_job_number(const char *s);

/* Is c allowed in a grant or capability name? */
bool parse_is_name_char(char c);

#endif
