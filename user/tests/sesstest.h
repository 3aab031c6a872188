/* What sesstest and sesstest_child say to each other on endpoint "a"
 * (method numbers) and what the child's report holds (int32 statuses,
 * indexed by R_*). */
#ifndef CAPOS_USER_TESTS_SESSTEST_H
#define CAPOS_USER_TESTS_SESSTEST_H

enum {
	M_PING = 0,		/* empty results */
	M_GIVE_REGRANT = 1,	/* a Timer, scope serviceRegrantOnly */
	M_GIVE_SAME = 2,	/* a Timer, scope sameSession */
	M_PASS = 3,		/* carries a capability: must never arrive */
	M_REPORT = 4,		/* params: int32 rep[REPORT_N] */
	M_HOLD = 5,		/* returned only after the session ended */
};

enum {
	R_USE_REGRANT,		/* Timer.now on the serviceRegrantOnly Timer */
	R_PASS_REGRANT,		/* passing it on to sesstest: ERR_DENIED */
	R_USE_SAME,		/* Timer.now on the sameSession Timer */
	R_PASS_SAME,		/* moving it to sesstest (system): ERR_DENIED */
	R_SAME_TO_SELF,		/* through its own endpoint: allowed */
	R_USE_SAME_AFTER,	/* the refused move left it usable */
	REPORT_N
};

#endif
