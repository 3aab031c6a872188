/* libFuzzer target for lib/capnp's reader: any bytes, read as a framed
 * message (and as a flat one), walked without a schema, then read through
 * generated accessors of several root types. Nothing may read out of
 * bounds, loop or take unbounded time; every failure must be a capn error.
 * The first byte picks the root type and the limits. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "lib/capnp/capnp.h"
#include "capos-test/test.h"
#include "capos/process.h"

static volatile uint64_t sink;

static void use_text(struct capn_text t)
{
	// Text always ends in NUL at t.len: touch both ends.
	if (t.str[t.len] != 0)
		__builtin_trap();
	if (t.len)
		sink += (uint8_t)t.str[0] + (uint8_t)t.str[t.len - 1];
}

static void read_lists(Lists_r r)
{
	struct capn_list_r l = Lists_get_bools(r);
	for (uint32_t i = 0; i < capn_list_len(&l) && i < 64; i++)
		sink += capn_list_bit(&l, i);
	l = Lists_get_i64s(r);
	for (uint32_t i = 0; i < capn_list_len(&l) && i < 64; i++)
		sink += capn_list_u64(&l, i);
	l = Lists_get_texts(r);
	for (uint32_t i = 0; i < capn_list_len(&l) && i < 64; i++)
		use_text(capn_list_text(&l, i));
	Point_list_r p = Lists_get_points(r);
	for (uint32_t i = 0; i < Point_list_len(p) && i < 64; i++)
		sink += (uint32_t)Point_get_y(Point_list_get(p, i));
	sink += (uint64_t)Lists_validate(r);
}

static void read_spawn(ProcessSpawner_spawn_Params_r p)
{
	use_text(ProcessSpawner_spawn_Params_get_name(p));
	use_text(ProcessSpawner_spawn_Params_get_binary(p));
	CapGrant_list_r g = ProcessSpawner_spawn_Params_get_grants(p);
	for (uint32_t i = 0; i < CapGrant_list_len(g) && i < 64; i++) {
		CapGrant_r c = CapGrant_list_get(g, i);
		use_text(CapGrant_get_name(c));
		sink += CapGrant_get_cap(c) + CapGrant_which(c);
	}
	sink += ProcessLimits_get_pages(ProcessSpawner_spawn_Params_get_limits(p));
	sink += (uint64_t)ProcessSpawner_spawn_Params_validate(p);
}

static bool same_root(struct capn_struct_r a, struct capn_struct_r b)
{
	return a.data == b.data && a.ptrs == b.ptrs &&
	       a.data_bytes == b.data_bytes && a.nptrs == b.nptrs &&
	       a.seg == b.seg && a.nest == b.nest;
}

/* The inline fast paths (lib/capnp/fast.h) must agree with the general
 * code on every input: framing, the root, the error and the budget. */
static void same_as_general(const struct capn_msg *m, const uint8_t *data,
			    size_t size, const struct capn_read_opts *o)
{
	struct capn_msg fast, slow;
	int ef = capn_msg_init(&fast, data, size);
	int es = capn_msg_init_opts(&slow, data, size, NULL);
	if (ef != es || fast.nsegs != slow.nsegs || fast.size != slow.size ||
	    (!ef && fast.base != slow.base))
		__builtin_trap();
	struct capn_msg a = *m, b = *m;
	struct capn_struct_r ra = capn_msg_root(&a);
	struct capn_struct_r rb = capn_msg_root_general(&b);
	if (!same_root(ra, rb) || a.err != b.err || a.budget != b.budget)
		__builtin_trap();
	(void)o;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	uint8_t sel = data[0];
	data++;
	size--;
	struct capn_read_opts o = { 0 };
	if (sel & 0x80) {
		o.traversal_words = 1 + (sel & 0x0f) * 64;
		o.nesting = 1 + (sel & 0x07);
	}
	struct capn_msg m;
	if (sel & 0x40)
		capn_msg_init_flat(&m, data, size, &o);
	else
		capn_msg_init_opts(&m, data, size, &o);
	if (m.err == 0 && m.size > size)
		__builtin_trap();
	sink += (uint64_t)capn_msg_walk(&m);
	capn_msg_reset_budget(&m, o.traversal_words);
	m.err = 0;
	same_as_general(&m, data, size, &o);
	struct capn_struct_r root = capn_msg_root(&m);
	switch (sel % 6) {
	case 0:
		read_lists((Lists_r){ root });
		break;
	case 1:
		read_spawn((ProcessSpawner_spawn_Params_r){ root });
		break;
	case 2: {
		Basic_r b = { root };
		use_text(Basic_get_name(b));
		struct capn_data d = Basic_get_blob(b);
		if (d.len)
			sink += d.ptr[d.len - 1];
		sink += Basic_get_c(b) + (uint32_t)Point_get_x(Basic_get_p(b));
		sink += (uint64_t)Basic_validate(b);
		break;
	}
	case 3: {
		Node_r n = { root };
		for (int i = 0; i < 100; i++)
			n = Node_get_next(n);
		sink += Node_get_value(n) + (uint64_t)Node_validate(
			(Node_r){ root });
		break;
	}
	case 4: {
		Unions_r u = { root };
		if (Unions_which(u) == Unions_which_txt)
			use_text(Unions_get_txt(u));
		sink += (uint64_t)Unions_validate(u);
		break;
	}
	default: {
		Holder_r h = { root };
		sink += Holder_get_cap(h) + capn_r_kind(&h.s, Holder_any_SLOT);
		sink += (uint64_t)Holder_validate(h);
		break;
	}
	}
	// Every error is one of ours.
	if (m.err && (m.err > CAPN_ERR_FIRST || m.err < CAPN_ERR_LAST))
		__builtin_trap();
	return 0;
}
