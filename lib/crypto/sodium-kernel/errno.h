/* Stand-in for <errno.h> when libsodium is compiled for the kernel: only
 * utils.c's mlock/mprotect fallbacks set errno, and the kernel build drops
 * them (see stdlib.h here). */
#ifndef CAPOS_SODIUM_KERNEL_ERRNO_H
#define CAPOS_SODIUM_KERNEL_ERRNO_H

extern int errno;
#define EPERM  1
#define ENOMEM 12
#define EINVAL 22
#define ERANGE 34
#define ENOSYS 38

#endif
