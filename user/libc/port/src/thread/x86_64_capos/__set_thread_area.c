/* capOS port: the thread pointer is set through arch_prctl(ARCH_SET_FS),
 * which the translation layer turns into ThreadControl.setFsBase (no
 * wrfsbase: the kernel leaves CR4.FSGSBASE off). musl treats anything
 * but 0 as "no threads" and a negative value as fatal, so the layer
 * returns exactly 0 on success. Replaces the x86_64 .s file, which ran
 * `syscall` itself. */
#include "pthread_impl.h"

#define ARCH_SET_FS 0x1002

int __set_thread_area(void *p)
{
	return __syscall(SYS_arch_prctl, ARCH_SET_FS, p);
}
