#ifndef CAPOS_ARCH_FPU_H
#define CAPOS_ARCH_FPU_H
/* Capture the clean FPU state; after CR0/CR4/XCR0 are set up. */
void fpu_setup(void);
#endif
