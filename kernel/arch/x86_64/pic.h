#ifndef CAPOS_ARCH_PIC_H
#define CAPOS_ARCH_PIC_H
void pic_disable(void);
#endif
