/* capOS port: a detached thread frees its own stack and TLS, then ends.
 * musl's generic version runs munmap and exit on a 256-byte static
 * stack, far too small for a capability call; the translation layer
 * (user/libc/posix_thread.c) instead queues both calls on the thread's
 * ring and enters the kernel once, never touching the stack after the
 * unmap. musl's thread-list lock, held until the kernel clears it once
 * the thread is gone, guards the layer's buffers as it did that stack. */
#include "pthread_impl.h"

_Noreturn void __capos_unmapself(void *base, size_t size);

void __unmapself(void *base, size_t size)
{
	__capos_unmapself(base, size);
}
