/* <limits.h> when libsodium is compiled for the kernel (mk/sodium.mk):
 * GCC's own limits.h would #include_next a C library's, and the kernel
 * has none. Saying there is none makes GCC's header self-contained. */
#ifndef CAPOS_SODIUM_KERNEL_LIMITS_H
#define CAPOS_SODIUM_KERNEL_LIMITS_H

#define _LIBC_LIMITS_H_ 1
#include_next <limits.h>

#endif
