/* lib/manifest: manifests built with the generated builders, including the
 * damage capnp eval cannot express (unknown enum values and union members,
 * oversized lists, odd bytes in names). The bad manifests written as
 * .capnp files are checked by tests/capnp/bad-manifests.sh. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "lib/manifest/manifest.h"
#include "capos/err.h"

struct problems {
	unsigned n;
	char lines[16][320];
};

static void collect(void *ctx, const char *where, const char *why)
{
	struct problems *p = ctx;
	if (p->n < 16)
		snprintf(p->lines[p->n], sizeof p->lines[0], "%s: %s", where, why);
	p->n++;
}

static uint8_t buf[1 << 16];
static struct capn_builder b;

static SystemManifest_b start(void)
{
	capn_build_init(&b, buf, sizeof buf);
	SystemManifest_b m = { capn_b_root(&b, SystemManifest_DATA_WORDS,
					   SystemManifest_PTR_COUNT) };
	SystemManifest_set_schemaVersion(m, SystemManifest_version);
	return m;
}

static void set_text(int (*set)(Binary_b, const char *, size_t), Binary_b x,
		     const char *s)
{
	set(x, s, strlen(s));
}

static void binaries(SystemManifest_b m, const char *const *names, uint32_t n)
{
	Binary_list_b l = SystemManifest_init_binaries(m, n);
	for (uint32_t i = 0; i < n; i++)
		set_text(Binary_set_name, Binary_list_at(l, i), names[i]);
}

static void kernel_grant(Grant_b g, const char *name, const char *iface,
			 KernelSource k)
{
	Grant_set_name(g, name, strlen(name));
	Grant_set_interfaceName(g, iface, strlen(iface));
	Grant_source_set_kernel(Grant_init_source(g), k);
}

static void import_grant(Grant_b g, const char *name, const char *iface,
			 const char *svc, const char *exp)
{
	Grant_set_name(g, name, strlen(name));
	Grant_set_interfaceName(g, iface, strlen(iface));
	ServiceRef_b r = Grant_source_init_service(Grant_init_source(g));
	ServiceRef_set_service(r, svc, strlen(svc));
	ServiceRef_set_export(r, exp, strlen(exp));
}

static void init_timer(SystemManifest_b m)
{
	InitConfig_b init = SystemManifest_init_init(m);
	InitConfig_set_binary(init, "init", 4);
	kernel_grant(Grant_list_at(InitConfig_init_grants(init, 1), 0),
		     "timer", "Timer", KernelSource_timer);
}

static Service_b service(Service_list_b l, uint32_t i, const char *name)
{
	Service_b s = Service_list_at(l, i);
	Service_set_name(s, name, strlen(name));
	Service_set_binary(s, "a", 1);
	return s;
}

static int validate(struct manifest_check *c, struct problems *p)
{
	size_t n = capn_build_finish(&b);
	assert_int_not_equal(n, 0);
	struct capn_msg m;
	memset(p, 0, sizeof *p);
	*c = (struct manifest_check){ .report = collect, .ctx = p };
	return manifest_validate(&m, buf, n, c);
}

static const char *const bins[] = { "init", "a" };

/* A graph listed out of order starts in dependency order. */
static void test_good_order(void **state)
{
	SystemManifest_b m = start();
	binaries(m, bins, 2);
	init_timer(m);
	Service_list_b sl = SystemManifest_init_services(m, 4);
	/* d <- c <- b, a independent; listed d, a, c, b */
	import_grant(Grant_list_at(Service_init_grants(service(sl, 0, "d"), 1), 0),
		     "x", "Console", "c", "out");
	service(sl, 1, "a");
	Service_b c = service(sl, 2, "c");
	import_grant(Grant_list_at(Service_init_grants(c, 1), 0), "x", "Console",
		     "b", "out");
	Export_b e = Export_list_at(Service_init_exports(c, 1), 0);
	Export_set_name(e, "out", 3);
	Export_set_interfaceName(e, "Console", 7);
	e = Export_list_at(Service_init_exports(service(sl, 3, "b"), 1), 0);
	Export_set_name(e, "out", 3);
	Export_set_interfaceName(e, "Console", 7);
	struct manifest_check mc;
	struct problems p;
	assert_int_equal(validate(&mc, &p), 0);
	assert_int_equal(p.n, 0);
	assert_int_equal(mc.nservices, 4);
	static const uint8_t want[] = { 1, 3, 2, 0 };	/* a, b, c, d */
	assert_memory_equal(mc.order, want, 4);
}

static void test_longer_cycle(void **state)
{
	SystemManifest_b m = start();
	binaries(m, bins, 2);
	init_timer(m);
	Service_list_b sl = SystemManifest_init_services(m, 3);
	const char *names[] = { "p", "q", "r" };
	for (uint32_t i = 0; i < 3; i++) {
		Service_b s = service(sl, i, names[i]);
		import_grant(Grant_list_at(Service_init_grants(s, 1), 0), "in",
			     "Console", names[(i + 1) % 3], "out");
		Export_b e = Export_list_at(Service_init_exports(s, 1), 0);
		Export_set_name(e, "out", 3);
		Export_set_interfaceName(e, "Console", 7);
	}
	struct manifest_check mc;
	struct problems p;
	assert_int_equal(validate(&mc, &p), ERR_BAD_MANIFEST);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.lines[0], "services[0] \"p\": dependency cycle: "
			    "\"p\" -> \"q\" -> \"r\" -> \"p\"");
	assert_string_equal(mc.first, p.lines[0]);
}

/* Values the text format cannot write: an unknown kernel source and an
 * unknown union member. */
static void test_unknown_enum_and_union(void **state)
{
	SystemManifest_b m = start();
	binaries(m, bins, 2);
	InitConfig_b init = SystemManifest_init_init(m);
	InitConfig_set_binary(init, "init", 4);
	Grant_list_b gl = InitConfig_init_grants(init, 2);
	kernel_grant(Grant_list_at(gl, 0), "x", "Timer", (KernelSource)99);
	Grant_b g = Grant_list_at(gl, 1);
	Grant_set_name(g, "y", 1);
	Grant_set_interfaceName(g, "Timer", 5);
	Grant_source_b src = Grant_init_source(g);
	capn_w_u16(&src.s, 2, 7);	/* discriminant 7 */
	struct manifest_check mc;
	struct problems p;
	assert_int_equal(validate(&mc, &p), ERR_BAD_MANIFEST);
	assert_int_equal(p.n, 2);
	assert_string_equal(p.lines[0], "init.grants[0] \"x\": source.kernel: "
			    "unknown kernel source 99");
	assert_string_equal(p.lines[1], "init.grants[1] \"y\": source: "
			    "unknown kind 7");
}

static void test_too_many(void **state)
{
	SystemManifest_b m = start();
	binaries(m, bins, 2);
	init_timer(m);
	Service_list_b sl = SystemManifest_init_services(
		m, SystemManifest_maxServices + 1);
	for (uint32_t i = 0; i <= SystemManifest_maxServices; i++) {
		char name[16];
		snprintf(name, sizeof name, "s%u", i);
		service(sl, i, name);
	}
	struct manifest_check mc;
	struct problems p;
	assert_int_equal(validate(&mc, &p), ERR_BAD_MANIFEST);
	assert_string_equal(p.lines[0], "services: 65 services, more than "
			    "maxServices (64)");
	/* exactly the maximum is fine */
	m = start();
	binaries(m, bins, 2);
	init_timer(m);
	sl = SystemManifest_init_services(m, SystemManifest_maxServices);
	for (uint32_t i = 0; i < SystemManifest_maxServices; i++) {
		char name[16];
		snprintf(name, sizeof name, "s%u", i);
		service(sl, i, name);
	}
	assert_int_equal(validate(&mc, &p), 0);
	assert_int_equal(mc.nservices, 64);
	/* too many grants: reported, and only the first maxGrants checked */
	m = start();
	binaries(m, bins, 2);
	init_timer(m);
	sl = SystemManifest_init_services(m, 1);
	Grant_list_b gl = Service_init_grants(service(sl, 0, "a"),
					      SystemManifest_maxGrants + 1);
	for (uint32_t i = 0; i <= SystemManifest_maxGrants; i++) {
		char name[16];
		snprintf(name, sizeof name, "g%u", i);
		kernel_grant(Grant_list_at(gl, i), name, "Console",
			     KernelSource_console);
	}
	assert_int_equal(validate(&mc, &p), ERR_BAD_MANIFEST);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.lines[0], "services[0] \"a\": 65 grants, more "
			    "than maxGrants (64)");
}

static void test_names(void **state)
{
	SystemManifest_b m = start();
	binaries(m, bins, 2);
	init_timer(m);
	Service_list_b sl = SystemManifest_init_services(m, 3);
	char longname[80];
	memset(longname, 'x', sizeof longname);
	Service_set_name(Service_list_at(sl, 0), longname, 64);
	Service_set_binary(Service_list_at(sl, 0), "a", 1);
	Service_set_name(Service_list_at(sl, 1), "ctl\x01", 4);
	Service_set_binary(Service_list_at(sl, 1), "a", 1);
	service(sl, 2, "init");
	struct manifest_check mc;
	struct problems p;
	assert_int_equal(validate(&mc, &p), ERR_BAD_MANIFEST);
	assert_int_equal(p.n, 3);
	assert_string_equal(p.lines[0], "services[0] \"xxxxxxxxxxxxxxxxxxxxxxxx"
			    "xxxxxxxxxxxxxxxx...\": name is 64 bytes, more "
			    "than maxName (63)");
	assert_string_equal(p.lines[1], "services[1] \"ctl?\": name has byte "
			    "0x01 at 3: names are printable ASCII without "
			    "spaces");
	assert_string_equal(p.lines[2], "services[2] \"init\": name \"init\" "
			    "is reserved");
}

/* Several problems are all reported, in manifest order. */
static void test_many_problems(void **state)
{
	SystemManifest_b m = start();
	SystemManifest_set_schemaVersion(m, 9);
	binaries(m, bins, 2);
	InitConfig_b init = SystemManifest_init_init(m);
	InitConfig_set_binary(init, "nope", 4);
	ProcessLimits_set_threads(InitConfig_init_limits(init), 1000);
	KernelParams_set_terminalPort(SystemManifest_init_kernel(m), 0x60);
	struct manifest_check mc;
	struct problems p;
	assert_int_equal(validate(&mc, &p), ERR_BAD_MANIFEST);
	assert_int_equal(p.n, 4);
	assert_string_equal(p.lines[0], "schemaVersion: is 9, this system "
			    "reads version 1");
	assert_string_equal(p.lines[1], "init: binary: no binary named \"nope\"");
	assert_string_equal(p.lines[2], "init: limits.threads is 1000, more "
			    "than ProcessLimits.maxThreads (256)");
	assert_string_equal(p.lines[3], "kernel: terminalPort 0x60 is not a "
			    "COM port (0x3f8, 0x2f8, 0x3e8, 0x2e8)");
}

static void test_unreadable(void **state)
{
	struct capn_msg m;
	struct problems p = { 0 };
	struct manifest_check mc = { .report = collect, .ctx = &p };
	static const uint8_t junk[] = { 0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4 };
	assert_int_equal(manifest_validate(&m, junk, sizeof junk, &mc),
			 ERR_BAD_MANIFEST);
	assert_string_equal(p.lines[0], "(message): not a readable manifest: "
			    "message has too many segments");
	/* a text field holding a struct */
	SystemManifest_b sm = start();
	binaries(sm, bins, 2);
	InitConfig_b ib = SystemManifest_init_init(sm);
	capn_b_struct(&ib.s, 0, 1, 0);	/* InitConfig.binary */
	assert_int_equal(validate(&mc, &p), ERR_BAD_MANIFEST);
	assert_string_equal(p.lines[0], "(message): not a readable manifest: "
			    "pointer kind does not match the field's type");
	/* no report callback: still counted */
	mc = (struct manifest_check){ 0 };
	assert_int_equal(manifest_validate(&m, junk, sizeof junk, &mc),
			 ERR_BAD_MANIFEST);
	assert_int_equal(mc.problems, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_order),
		cmocka_unit_test(test_longer_cycle),
		cmocka_unit_test(test_unknown_enum_and_union),
		cmocka_unit_test(test_too_many),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_many_problems),
		cmocka_unit_test(test_unreadable),
	};
	return cmocka_run_group_tests_name("manifest", tests, NULL, NULL);
}
