#ifndef CAPOS_ARCH_FPU_H
#define CAPOS_ARCH_FPU_H
/* Capture the clean FPU state; after CR0/CR4/XCR0 are set up. */
void fpu_setup(void);
/* CR0/CR4/XCR0 bits for the FPU on the calling CPU. */
void fpu_enable_cpu(void);
#endif
