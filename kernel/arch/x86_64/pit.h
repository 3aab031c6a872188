#ifndef CAPOS_ARCH_PIT_H
#define CAPOS_ARCH_PIT_H
#include <stdbool.h>
#include <stdint.h>

/* PIT channel 2 as a polled one-shot stopwatch for calibration. */
void pit_oneshot_start(uint32_t us);
bool pit_oneshot_done(void);
void pit_oneshot_stop(void);

#endif
