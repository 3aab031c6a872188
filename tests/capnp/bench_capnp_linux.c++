// BENCH linux_capnp_build_read: the same work as bench_capnp.c with
// Debian's C++ libcapnp: a MallocMessageBuilder over a reused scratch
// segment, messageToFlatArray, FlatArrayMessageReader, every field read
// into a sink. Capability pointers can only be written and read through
// capability tables in libcapnp (BuilderCapabilityTable and
// ReaderCapabilityTable, with hooks made once outside the loop), so that is
// what this side does. linux_capnp_build_read_nocap is the same without the
// capability pointers, for reference. -O2, like ours.
#include <capnp/capability.h>
#include <capnp/message.h>
#include <capnp/serialize.h>
#include <time.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include "process.capnp.h"
extern "C" {
#include "../../tests/capnp/bench_common.h"
}

static volatile uint64_t sink;

static uint64_t now_ns()
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static capnp::word scratch[512];
static kj::Own<capnp::ClientHook> hooks[BENCH_GRANTS];

template <typename P>
static void fill(P p, bool caps)
{
	p.setName(BENCH_NAME);
	p.setBinary(BENCH_BINARY);
	auto gl = p.initGrants(BENCH_GRANTS);
	for (unsigned i = 0; i < BENCH_GRANTS; i++) {
		auto g = gl[i];
		g.setName(bench_grant_names[i]);
		if (caps)
			g.setCap(capnp::Capability::Client(hooks[i]->addRef()));
		g.setInterfaceId(0x8000000000000000ull | i);
		g.setMode(i & 1 ? TransferMode::MOVE : TransferMode::COPY);
	}
	auto l = p.initLimits();
	l.setCapSlots(64);
	l.setPages(4096);
	l.setThreads(8);
	l.setCallsInFlight(32);
	l.setTimers(16);
}

template <typename P>
static uint64_t read(P p, bool caps)
{
	uint64_t s = 0;
	auto t = p.getName();
	s += t.size() + (uint8_t)t[0];
	t = p.getBinary();
	s += t.size() + (uint8_t)t[0];
	for (auto g : p.getGrants()) {
		t = g.getName();
		s += t.size() + (uint8_t)t[0];
		s += (unsigned)g.which();
		if (caps)
			s += (uintptr_t)capnp::ClientHook::from(g.getCap()).get();
		s += g.getInterfaceId() + (unsigned)g.getMode();
	}
	auto l = p.getLimits();
	s += l.getCapSlots() + l.getPages() + l.getThreads() +
	     l.getCallsInFlight() + l.getTimers();
	s += p.getArgs().size();
	return s;
}

static void once(bool caps)
{
	capnp::MallocMessageBuilder mb(kj::arrayPtr(scratch, 512));
	capnp::BuilderCapabilityTable btab;
	auto root = mb.initRoot<ProcessSpawner::SpawnParams>();
	if (caps)
		fill(btab.imbue(root), true);
	else
		fill(root, false);
	kj::Array<capnp::word> flat = capnp::messageToFlatArray(mb);
	capnp::FlatArrayMessageReader rd(flat);
	auto r = rd.getRoot<ProcessSpawner::SpawnParams>();
	if (caps) {
		auto src = btab.getTable();
		auto arr = kj::heapArrayBuilder<kj::Maybe<kj::Own<capnp::ClientHook>>>(src.size());
		for (auto &h : src)
			arr.add(h.map([](kj::Own<capnp::ClientHook> &o) { return o->addRef(); }));
		capnp::ReaderCapabilityTable rtab(arr.finish());
		sink += read(rtab.imbue(r), true);
	} else {
		sink += read(r, false);
	}
}

static double bench(long iters, bool caps)
{
	double best = 1e30;
	for (int run = 0; run < BENCH_RUNS; run++) {
		uint64_t t0 = now_ns();
		for (long i = 0; i < iters; i++)
			once(caps);
		double ns = (double)(now_ns() - t0) / (double)iters;
		if (ns < best)
			best = ns;
	}
	return best;
}

int main(int argc, char **argv)
{
	long iters = argc > 1 ? atol(argv[1]) : BENCH_ITERS;
	for (auto &h : hooks)
		h = capnp::newBrokenCap("bench");
	std::printf("BENCH name=linux_capnp_build_read value=%.1f unit=ns\n",
		    bench(iters, true));
	std::printf("BENCH name=linux_capnp_build_read_nocap value=%.1f unit=ns\n",
		    bench(iters, false));
	return 0;
}
