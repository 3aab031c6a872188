/* Names and messages of the capn error codes. */
#include "lib/capnp/capnp.h"

static const struct {
	const char *name;
	const char *msg;
} errs[] = {
	[-CAPN_EFRAME + CAPN_ERR_FIRST] = { "CAPN_EFRAME",
		"message framing malformed: bad segment table" },
	[-CAPN_ETRUNC + CAPN_ERR_FIRST] = { "CAPN_ETRUNC",
		"message truncated: segments extend past the buffer" },
	[-CAPN_ESEGS + CAPN_ERR_FIRST] = { "CAPN_ESEGS",
		"message has too many segments" },
	[-CAPN_EBOUNDS + CAPN_ERR_FIRST] = { "CAPN_EBOUNDS",
		"pointer target lies outside its segment" },
	[-CAPN_EFAR + CAPN_ERR_FIRST] = { "CAPN_EFAR",
		"far pointer or landing pad malformed" },
	[-CAPN_EKIND + CAPN_ERR_FIRST] = { "CAPN_EKIND",
		"pointer kind does not match the field's type" },
	[-CAPN_ELIST + CAPN_ERR_FIRST] = { "CAPN_ELIST",
		"list element size does not match the field's type" },
	[-CAPN_ETEXT + CAPN_ERR_FIRST] = { "CAPN_ETEXT",
		"text is not NUL-terminated" },
	[-CAPN_ETRAVERSAL + CAPN_ERR_FIRST] = { "CAPN_ETRAVERSAL",
		"message traversal limit exceeded" },
	[-CAPN_EDEPTH + CAPN_ERR_FIRST] = { "CAPN_EDEPTH",
		"message nesting limit exceeded (too deep or cyclic)" },
	[-CAPN_EPTR + CAPN_ERR_FIRST] = { "CAPN_EPTR",
		"reserved pointer kind" },
	[-CAPN_ENOSPACE + CAPN_ERR_FIRST] = { "CAPN_ENOSPACE",
		"message buffer too small" },
	[-CAPN_ERANGE + CAPN_ERR_FIRST] = { "CAPN_ERANGE",
		"size or count too large to encode" },
	[-CAPN_EMETHOD + CAPN_ERR_FIRST] = { "CAPN_EMETHOD",
		"no such method in this interface" },
	[-CAPN_EUNIMPL + CAPN_ERR_FIRST] = { "CAPN_EUNIMPL",
		"method not implemented by this server" },
	[-CAPN_EINVAL + CAPN_ERR_FIRST] = { "CAPN_EINVAL",
		"invalid argument to a message library call" },
};

_Static_assert(sizeof(errs) / sizeof(errs[0]) ==
	       CAPN_ERR_FIRST - CAPN_ERR_LAST + 1, "one entry per capn_err");

const char *capn_errname(int err)
{
	if (err == 0)
		return "CAPN_OK";
	if (err > CAPN_ERR_FIRST || err < CAPN_ERR_LAST)
		return NULL;
	return errs[CAPN_ERR_FIRST - err].name;
}

const char *capn_strerror(int err)
{
	if (err == 0)
		return "no error";
	if (err > CAPN_ERR_FIRST || err < CAPN_ERR_LAST)
		return "unknown capnp error";
	return errs[CAPN_ERR_FIRST - err].msg;
}
