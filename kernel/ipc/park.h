/* ParkSpace: private wait/wake on 32-bit words of a process's memory, the
 * kernel half of futexes. Reached through the PARK/UNPARK ring opcodes
 * (compact: no message encoding) or the ParkSpace capability. */
#ifndef CAPOS_IPC_PARK_H
#define CAPOS_IPC_PARK_H
#include <stdbool.h>
#include <stdint.h>

struct thread;
struct process;

enum park_result { PARK_WOKEN = 0, PARK_TIMED_OUT = 1, PARK_VALUE_CHANGED = 2 };

/* Sleep while *addr == expected (checked atomically with respect to
 * unpark); timeout_ns 0 = none. Returns PARK_VALUE_CHANGED at once, an
 * error, or CAP_PENDING (the completion's result is a park_result). When
 * `as_message` is set the completion carries a ParkSpace.park results
 * message instead, written to result_addr. */
int park_wait(struct thread *t, uint64_t addr, uint32_t expected,
	      uint64_t timeout_ns, uint64_t user_data, uint64_t result_addr,
	      uint32_t result_len, bool as_message);
/* Wake up to `count` threads parked on addr; returns how many. */
int park_wake(struct process *p, uint64_t addr, uint32_t count);
/* Wake up to `wake` on from, move up to `move` more to `to`. */
int park_requeue(struct process *p, uint64_t from, uint64_t to,
		 uint32_t wake, uint32_t move, uint32_t *moved);

#endif
