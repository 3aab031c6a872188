#ifndef CAPOS_PROC_SYSCALL_H
#define CAPOS_PROC_SYSCALL_H
#include <stdint.h>

/* Generic half of the system call path; the arch entry calls it. */
int64_t syscall_handle(uint64_t nr, uint64_t a0, uint64_t a1);

#endif
