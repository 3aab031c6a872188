/* A client child for the many-clients test: 50 echo calls on "svc",
 * each checked; exit code = failures. */
#include "capos/ipc.h"
#include "user/rt/rt.h"

/* mode-quota: five slow calls at once under a calls-in-flight limit of
 * three: the last two are refused with ERR_QUOTA, the first three
 * complete (the slow method answers "late"). */
static int quota_mode(cap_handle_t svc)
{
	static uint8_t res[5][64];
	int32_t r[5];
	for (int i = 0; i < 5; i++) {
		struct ring_sqe s = { .opcode = RING_OP_CALL, .cap = svc, .method = 5,
				      .result_addr = (uint64_t)res[i], .result_len = 64,
				      .user_data = 100 + (uint64_t)i };
		rt_submit(&s);
	}
	for (int i = 0; i < 5; i++)
		r[i] = rt_wait(100 + (uint64_t)i).result;
	int ok = r[0] == 4 && r[1] == 4 && r[2] == 4 && r[3] == ERR_QUOTA &&
		 r[4] == ERR_QUOTA;
	rt_printf("ipc_client: quota results %d %d %d %d %d\n", r[0], r[1], r[2],
		  r[3], r[4]);
	return ok ? 0 : 1;
}

int main(void)
{
	cap_handle_t svc = rt_cap_find("svc", ClientEndpoint_IFACE_ID);
	if (rt_cap_find("mode-quota", ClientEndpoint_IFACE_ID) != CAP_HANDLE_NONE)
		return quota_mode(svc);
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
