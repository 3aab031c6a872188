/* A client child for the many-clients test: 50 echo calls on "svc",
 * each checked; exit code = failures. */
#include "capos/ipc.h"
#include "user/rt/rt.h"

int main(void)
{
	cap_handle_t svc = rt_cap_find("svc", ClientEndpoint_IFACE_ID);
	int bad = 0;
	for (int i = 0; i < 50; i++) {
		char msg[16], res[64];
		int n = 0;
		for (int v = i + 1000; v; v /= 10)
			msg[n++] = (char)('0' + v % 10);
		struct ring_sqe s = { .opcode = RING_OP_CALL, .cap = svc,
				      .addr = (uint64_t)msg, .len = (uint32_t)n,
				      .result_addr = (uint64_t)res,
				      .result_len = sizeof(res) };
		int32_t st = rt_submit_wait(&s).result;
		bad += st != n || __builtin_memcmp(res, msg, (size_t)n);
	}
	return bad;
}
