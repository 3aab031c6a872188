/* EntropySource: random bytes from RDSEED (true entropy), else RDRAND
 * (a DRBG the CPU seeds), else a timer-jitter mix that is said to be weak.
 * The source in use is logged once at first use and returned with every
 * fill, so a caller can refuse a weak one. */
#include "capos/entropy.h"
#include "kernel/arch/arch.h"
#include "kernel/cap/cap_util.h"
#include "kernel/core/log.h"

LOG_SOURCE(entropy_log, "entropy");

static int entropy_fill(void *self, EntropySource_fill_Params_r p,
			EntropySource_fill_Results_b r)
{
	struct cap_call *c = self;
	uint32_t n = EntropySource_fill_Params_get_bytes(p);
	if (n > EntropySource_maxBytes)
		return ERR_TOO_LARGE;
	if (n + 64 > c->results_cap)
		return ERR_BUFFER_TOO_SMALL;
	uint8_t buf[EntropySource_maxBytes];
	enum arch_entropy src = arch_entropy_fill(buf, n);
	static bool said;
	if (!said) {
		said = true;
		log_info(&entropy_log, "entropy from %s", arch_entropy_name(src));
	}
	EntropySource_fill_Results_set_source(r, src == ARCH_ENTROPY_RDSEED
					      ? EntropySource_Source_rdseed
					      : src == ARCH_ENTROPY_RDRAND
					      ? EntropySource_Source_rdrand
					      : EntropySource_Source_mixed);
	return EntropySource_fill_Results_set_data(r, buf, n);
}

static const struct EntropySource_server entropy_server = {
	.fill = entropy_fill,
};

int entropy_invoke(struct cap_call *c)
{
	return CAP_DISPATCH(EntropySource, &entropy_server, c);
}
