/* Exit status wording (see status.h). The fault names are the kernel
 * log's (kernel/arch/x86_64/trap.c), so the two reports read alike. */
#include "lib/fmt/fmt.h"
#include "user/capos-shell/status.h"

static const char *const status_faults[] = {
	"#DE divide error", "#DB debug", "NMI", "#BP breakpoint",
	"#OF overflow", "#BR bound range", "#UD invalid opcode",
	"#NM device not available", "#DF double fault", "coprocessor overrun",
	"#TS invalid TSS", "#NP segment not present", "#SS stack fault",
	"#GP general protection", "#PF page fault", "reserved 15",
	"#MF x87 error", "#AC alignment check", "#MC machine check",
	"#XM SIMD error", "#VE virtualization", "#CP control protection",
};

const char *status_fault_name(unsigned vector, char *buf, size_t cap)
{
	if (vector < sizeof(status_faults) / sizeof(status_faults[0]))
		return status_faults[vector];
	fmt_snprintf(buf, cap, "exception %u", vector);
	return buf;
}

void status_words(const struct status *s, char *buf, size_t cap)
{
	char name[24];
	switch (s->kind) {
	case STATUS_EXITED:
		if (s->code == 0)
			fmt_snprintf(buf, cap, "done");
		else
			fmt_snprintf(buf, cap, "exited with code %lld",
				     (long long)s->code);
		return;
	case STATUS_KILLED:
		fmt_snprintf(buf, cap, "killed");
		return;
	case STATUS_FAULTED:
		fmt_snprintf(buf, cap, "crashed: %s at 0x%llx",
			     status_fault_name(s->vector, name, sizeof(name)),
			     (unsigned long long)s->addr);
		return;
	case STATUS_LOST:
		fmt_snprintf(buf, cap, "lost: %s", s->why ? s->why : "unknown");
		return;
	}
	fmt_snprintf(buf, cap, "unknown status");
}

void status_report(const struct status *s, char *buf, size_t cap)
{
	char words[96];
	if (s->kind == STATUS_EXITED && s->code == 0) {
		if (cap)
			buf[0] = '\0';
		return;
	}
	status_words(s, words, sizeof(words));
	fmt_snprintf(buf, cap, "[%s]", words);
}
