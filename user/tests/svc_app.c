/* `app` in system/test-services.capnp: uses everything it was granted
 * (the logger's Console, the store's StdIO, a Blob, the timer), shows its
 * args and that it holds nothing else, then exits 0. */
#include <string.h>
#include "capos/boot.h"
#include "capos/console.h"
#include "capos/time.h"
#include "lib/fmt/fmt.h"
#include "user/rt/rt.h"

static cap_handle_t log;
static char line[256];

static void app_log(const char *s)
{
	uint8_t p[256], r[64];
	struct capn_call c;
	Console_writeLine_prepare(&c, p, sizeof p, s, strlen(s));
	capn_call_set_results(&c, r, sizeof r);
	rt_call(log, &c);
}

static void app_read_store(cap_handle_t store)
{
	uint8_t p[64], r[256];
	struct capn_call c;
	StdIO_read_prepare(&c, p, sizeof p, 64);
	capn_call_set_results(&c, r, sizeof r);
	int32_t st = rt_call(store, &c);
	struct capn_msg m;
	StdIO_read_Results_r res;
	if (StdIO_read_results(&m, &c, st, &res)) {
		fmt_snprintf(line, sizeof line, "app: store read failed: %d", st);
		app_log(line);
		return;
	}
	struct capn_data d = StdIO_read_Results_get_data(res);
	fmt_snprintf(line, sizeof line, "app: store says %.*s", (int)d.len,
		     (const char *)d.ptr);
	app_log(line);
}

static void app_blob(cap_handle_t blob)
{
	uint8_t p[64], r[256];
	struct capn_call c;
	Blob_info_prepare(&c, p, sizeof p);
	capn_call_set_results(&c, r, sizeof r);
	int32_t st = rt_call(blob, &c);
	struct capn_msg m;
	Blob_info_Results_r res;
	if (Blob_info_results(&m, &c, st, &res))
		return;
	fmt_snprintf(line, sizeof line, "app: blob %lu bytes",
		     (unsigned long)Blob_info_Results_get_size(res));
	app_log(line);
}

int main(void)
{
	log = rt_cap_find("log", Console_IFACE_ID);
	cap_handle_t store = rt_cap_find("store", StdIO_IFACE_ID);
	cap_handle_t data = rt_cap_find("data", Blob_IFACE_ID);
	if (log == CAP_HANDLE_NONE || store == CAP_HANDLE_NONE ||
	    data == CAP_HANDLE_NONE)
		return 2;
	app_log("app: hello through the logger");
	for (int i = 0; i < rt_argc(); i++) {
		fmt_snprintf(line, sizeof line, "app: arg %d = %s", i, rt_argv(i));
		app_log(line);
	}
	struct fmt_buf fb = fmt_buf_init(line, sizeof line);
	fmt_appendf(&fb, "app: holds %u capabilities:", rt_capset->count);
	for (uint32_t i = 0; i < rt_capset->count; i++)
		fmt_appendf(&fb, " %s", rt_capset->entries[i].name);
	app_log(fmt_buf_str(&fb));
	app_read_store(store);
	app_blob(data);
	return 0;
}
