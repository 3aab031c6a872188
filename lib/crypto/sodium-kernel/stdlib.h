/* Stand-in for <stdlib.h> when libsodium is compiled for the kernel
 * (mk/sodium.mk). libsodium's headers include it for size_t; utils.c
 * also calls the allocator in code the kernel never keeps: the build's
 * partial link drops that code and then checks that nothing but memcpy
 * and memset is left undefined, so these are declarations only. */
#ifndef CAPOS_SODIUM_KERNEL_STDLIB_H
#define CAPOS_SODIUM_KERNEL_STDLIB_H
#include <stddef.h>

void *malloc(size_t size);
void free(void *ptr);
void abort(void) __attribute__((noreturn));

#endif
