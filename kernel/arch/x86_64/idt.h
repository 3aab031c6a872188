#ifndef CAPOS_ARCH_IDT_H
#define CAPOS_ARCH_IDT_H

enum trap_vector {
	TRAP_DE = 0, TRAP_DB = 1, TRAP_NMI = 2, TRAP_BP = 3, TRAP_OF = 4,
	TRAP_BR = 5, TRAP_UD = 6, TRAP_NM = 7, TRAP_DF = 8, TRAP_TS = 10,
	TRAP_NP = 11, TRAP_SS = 12, TRAP_GP = 13, TRAP_PF = 14, TRAP_MF = 16,
	TRAP_AC = 17, TRAP_MC = 18, TRAP_XM = 19, TRAP_VE = 20, TRAP_CP = 21,
	TRAP_EXC_COUNT = 32,
};

void idt_build(void);
void idt_load(void);

#endif
