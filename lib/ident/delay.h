/* The login failure delay: after each failed authentication, further
 * attempts are refused unchecked for a while, and the while grows.
 *
 * Policy (SessionManager, user/sessmgr/): the n-th failure in a row
 * schedules first_ms << (n - 1), capped at max_ms; an attempt that comes
 * while a delay runs is refused without looking at the password and does
 * not count (nothing was checked, so there is nothing to punish, and the
 * refusal costs the server nothing); a success resets the count.
 *
 * The state is one counter for the whole SessionManager, not one per user
 * name: a per-name delay would treat unknown and known names differently
 * unless it also tracked every name ever tried, and a console system has
 * one place to type at anyway. The price is that someone guessing slows a
 * legitimate login down too, by at most max_ms.
 *
 * Pure: the caller passes the monotonic time in ns. */
#ifndef CAPOS_LIB_IDENT_DELAY_H
#define CAPOS_LIB_IDENT_DELAY_H
#include <stdint.h>

#define LOGIN_DELAY_FIRST_MS 250u
#define LOGIN_DELAY_MAX_MS 16000u

struct login_delay_policy {
	uint32_t first_ms;	/* after the first failure; 0: no delays */
	uint32_t max_ms;	/* the cap (at least first_ms) */
};

struct login_delay {
	uint32_t failures;	/* in a row, since the last success */
	uint64_t until_ns;	/* attempts before this are refused */
};

void login_delay_init(struct login_delay *d);
/* The delay the n-th failure in a row schedules (n >= 1; 0 for n == 0). */
uint32_t login_delay_for(const struct login_delay_policy *p, uint32_t n);
/* How long attempts are still refused at now_ns, in ms rounded up; 0: an
 * attempt may be checked. */
uint32_t login_delay_remaining_ms(const struct login_delay *d, uint64_t now_ns);
/* A checked attempt failed at now_ns: returns the delay it schedules. */
uint32_t login_delay_fail(struct login_delay *d,
			  const struct login_delay_policy *p, uint64_t now_ns);
/* A checked attempt succeeded: no delay, the count starts over. */
void login_delay_success(struct login_delay *d);

#endif
