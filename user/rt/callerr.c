/* What a failed call says, for people: the CapException's message when
 * the server raised one (control bytes shown as '?': another process
 * wrote it), else the error's own text. Pure: host tests link it too. */
#include "capos/exception.h"
#include "lib/fmt/fmt.h"
#include "user/rt/rt.h"

const char *rt_call_error(const struct capn_call *c, int32_t st, char *buf,
			  size_t cap)
{
	struct capn_msg m;
	struct capn_struct_r root;
	if (st != ERR_APPLICATION_EXCEPTION)
		return st < 0 ? capos_strerror(st) : "malformed results";
	if (capn_call_result_root(&m, c, &root))
		return capos_strerror(st);
	struct capn_text t = CapException_get_message((CapException_r){ root });
	if (m.err || t.len == 0)
		return capos_strerror(st);
	fmt_snprintf(buf, cap, "%.*s", (int)t.len, t.str);
	for (char *p = buf; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	return buf;
}
